package dev.videochat.tts.espeak;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the {@code espeak-ng} program and the voices it has.
 *
 * @param executable the program's path
 * @param voices     espeak-ng's voice names (its "Language" column, for example {@code en-us}, {@code cmn-latn-pinyin})
 */
record EspeakInstallation(Path executable, List<String> voices) {

    static final String INSTALL_HINT = "install it with `apt-get install espeak-ng` (Debian/Ubuntu), "
            + "`brew install espeak-ng` (macOS), or set 'executable' to its path";

    /** Locates {@code program} (a path, or a name searched on the PATH) and lists its voices. */
    static EspeakInstallation find(String program) {
        Path exe = locate(program).orElseThrow(() -> new ConfigurationException(Stage.TTS, EspeakSynthesizer.NAME,
                "espeak-ng was not found ('" + program + "' is not an executable file on the PATH); " + INSTALL_HINT));
        return new EspeakInstallation(exe, listVoices(exe));
    }

    /** Whether espeak-ng can be found on this machine under {@code program}. */
    static boolean isInstalled(String program) {
        return locate(program).isPresent();
    }

    private static Optional<Path> locate(String program) {
        if (program.contains(File.separator)) {
            Path p = Path.of(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : List.of(program, program + ".exe")) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> listVoices(Path exe) {
        try {
            Process p = new ProcessBuilder(exe.toString(), "--voices").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new ConfigurationException(Stage.TTS, EspeakSynthesizer.NAME,
                        "'" + exe + " --voices' failed: " + out.strip());
            }
            return parseVoices(out);
        } catch (IOException e) {
            throw new ConfigurationException(Stage.TTS, EspeakSynthesizer.NAME,
                    "could not run '" + exe + " --voices': " + e.getMessage() + "; " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException(Stage.TTS, EspeakSynthesizer.NAME, "interrupted listing espeak-ng voices");
        }
    }

    /** The distinct voice names (second column) of {@code espeak-ng --voices} output, in its order. */
    static List<String> parseVoices(String listing) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (String line : listing.split("\\R")) {
            String[] cols = line.strip().split("\\s+");
            if (cols.length >= 2 && cols[0].matches("\\d+")) {
                names.put(cols[1], Boolean.TRUE);
            }
        }
        return new ArrayList<>(names.keySet());
    }
}
