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

    /**
     * The export's argument parsing needs only the standard library, so its rules are checked here: the face
     * models alone, DWPose's config found in the MuseTalk checkout, and the combinations it refuses.
     */
    @org.junit.jupiter.api.Test
    void theExportsArgumentsAcceptTheFaceModelsAndRefuseWhatCannotRun() throws Exception {
        String script = String.join("\n",
                "import sys; sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[1])",
                "import export_onnx as e",
                "a = e.parse_args(['--faces-only', '--out', 'o', '--musetalk-src', 'M', '--dwpose-pth', 'd.pth',",
                "                  '--face-parsing', 'f.pth'])",
                "assert a.dwpose_config.endswith('rtmpose-l_8xb32-270e_coco-ubody-wholebody-384x288.py'), a",
                "a = e.parse_args(['--unet-dir', 'u', '--vae-dir', 'v', '--whisper-dir', 'w', '--out', 'o', '--fp16',",
                "                  '--musetalk-src', 'M', '--parity', 'clip.mp4'])",
                "assert a.parity == 'clip.mp4' and a.fp16",
                "for bad in (['--out', 'o'], ['--faces-only', '--out', 'o'],",
                "            ['--faces-only', '--out', 'o', '--face-parsing', 'f.pth'],",
                "            ['--unet-dir', 'u', '--vae-dir', 'v', '--whisper-dir', 'w', '--out', 'o', '--parity', 'c']):",
                "    try:",
                "        e.parse_args(bad)",
                "        raise AssertionError('accepted ' + str(bad))",
                "    except SystemExit as x:",
                "        assert x.code == 2, bad",
                "print('ok')");
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", script, Path.of("tools").toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: python3 is not installed (" + e.getMessage() + ")");
            return;
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.endsWith("ok\n"), output);
    }
}
