package dev.videochat.musetalk.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs reference scripts against the official Python code (a MuseTalk or mmpose checkout) for tests that compare
 * the SDK with it. Such a test needs what a MuseTalk install has, so it skips, saying what is missing, when there
 * is no Python with the modules it names ({@code $VIDEOCHAT_TORCH_PYTHON}, else {@code python3}, else
 * {@code /usr/bin/python3}) or no checkout in the environment variable it names.
 */
public final class ReferencePython {

    private ReferencePython() {
    }

    /** The first Python that imports {@code modules} (comma-separated); skips the test when there is none. */
    public static String require(String modules, String installHint) {
        Optional<String> found = find(modules);
        Assumptions.assumeTrue(found.isPresent(), "skipped: no Python with " + modules + " (set VIDEOCHAT_TORCH_PYTHON, "
                + "or " + installHint + ")");
        return found.get();
    }

    /** The folder {@code $variable} names, which must hold {@code marker}; skips the test otherwise. */
    public static Path checkout(String variable, String marker, String what) {
        String value = System.getenv(variable);
        Assumptions.assumeTrue(value != null && Files.isRegularFile(Path.of(value).resolve(marker)),
                "skipped: set " + variable + " to " + what + " (it must hold " + marker + ")");
        return Path.of(value);
    }

    /** Copies the class-path resource {@code resource} into {@code folder} and returns the file. */
    public static Path script(String resource, Path folder) throws IOException {
        Path file = folder.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = Objects.requireNonNull(ReferencePython.class.getResourceAsStream(resource), resource)) {
            Files.copy(in, file);
        }
        return file;
    }

    /** Runs a command to its end and returns what it printed; fails the test on a non-zero exit. */
    public static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
        return text;
    }

    /** The last line a reference script printed: the photo's width and height. */
    public static int[] size(String printed) {
        String[] lines = printed.strip().split("\n");
        String[] wh = lines[lines.length - 1].strip().split(" ");
        return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    }

    /** A file of little-endian float32 values. */
    public static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private static Optional<String> find(String modules) {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("VIDEOCHAT_TORCH_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import " + modules).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
                p.destroyForcibly();
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        return Optional.empty();
    }
}
