package dev.videochat.musetalk.tools;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Python tools cannot run here (the export needs torch and the official weights), but they must at least
 * compile: a syntax error fails this test. It skips, saying so, where no {@code python3} is installed.
 */
class ExportScriptsCompileTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"export_onnx.py", "whisper_logmel_reference.py"})
    void theToolCompilesWithPython3(String script) throws Exception {
        Path file = Path.of("tools", script).toAbsolutePath();
        assertTrue(Files.isRegularFile(file), "missing " + file);
        Process process;
        try {
            // cfile keeps the compiled output out of the source tree.
            process = new ProcessBuilder("python3", "-c",
                    "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                    file.toString(), dir.resolve(script + "c").toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: python3 is not installed (" + e.getMessage() + ")");
            return;
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), script + " does not compile:\n" + output);
    }
}
