package dev.videochat.examples.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the command line as the {@code videochat} launcher does: a JVM of its own on {@code target/classes} and the
 * class path the build wrote ({@code target/videochat.classpath}), with no {@code VIDEOCHAT_*} variable but those
 * given.
 */
final class LauncherProcess {

    /** The class path file that examples/pom.xml writes and the launcher reads. */
    static final Path CLASS_PATH_FILE = Path.of("target", "videochat.classpath");

    /** What the run printed (standard output and error together) and its exit status. */
    record Result(int status, String printed) {
    }

    private LauncherProcess() {
    }

    /** The entries of the launcher's class path, as the build wrote them. */
    static List<String> classPath() throws IOException {
        assertTrue(Files.isRegularFile(CLASS_PATH_FILE), CLASS_PATH_FILE.toAbsolutePath()
                + " is written by the build (examples/pom.xml, phase process-classes)");
        return List.of(Files.readString(CLASS_PATH_FILE).strip().split(File.pathSeparator)).stream()
                .filter(e -> !e.isBlank()).toList();
    }

    /** Runs {@code videochat args} in {@code dir} with {@code env} added and {@code stdin} as its input. */
    static Result run(Path dir, Map<String, String> env, String stdin, String... args) throws Exception {
        String classPath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + String.join(File.pathSeparator, classPath());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true", "-cp", classPath,
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("VIDEOCHAT_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "videochat ended: " + printed);
        return new Result(process.exitValue(), printed);
    }
}
