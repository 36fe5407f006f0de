package dev.videochat.musetalk.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX Runtime 1.29.0 killed the JVM (SIGSEGV, exit 139, no hs_err file) while creating its environment whenever
 * the process's command line was longer than about 4,000 characters, which any real class path is. The crash
 * cannot be caught inside the test JVM, so a child JVM with a long command line opens a runtime instead.
 */
class LongCommandLineTest {

    /** Twice the length at which 1.29.0 crashed, and longer than the CLI's 58-jar class path. */
    private static final int COMMAND_LINE_CHARS = 8_000;

    /** A safety net against a hung child only; a healthy child finishes in a few seconds. */
    private static final long CHILD_TIMEOUT_MINUTES = 5;

    @TempDir
    Path dir;

    @Test
    void aRuntimeOpensInAJvmWhoseCommandLineIsLongerThanEightThousandCharacters()
            throws IOException, InterruptedException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dvideochat.test.padding=" + "x".repeat(COMMAND_LINE_CHARS),
                "-cp", System.getProperty("java.class.path"),
                LongCommandLineProbe.class.getName(),
                dir.resolve("models").toString());
        assertTrue(String.join(" ", command).length() > COMMAND_LINE_CHARS, "the child's command line is long");

        Path output = dir.resolve("child-output.txt");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!child.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            child.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertEquals(0, child.exitValue(), "child JVM exit status (139 = SIGSEGV); it printed:\n" + printed);
        String expected = String.format(LongCommandLineProbe.RESULT, 2, 2 * FaceGenerator.FRAME_BYTES,
                ExecutionDevice.CPU);
        assertTrue(printed.contains(expected), "expected '" + expected + "' in the child's output:\n" + printed);
    }
}
