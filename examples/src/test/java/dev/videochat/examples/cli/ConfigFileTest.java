package dev.videochat.examples.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --config FILE}: settings from a properties file, under the environment, and what goes wrong with it. */
class ConfigFileTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @AfterEach
    void clear() {
        System.clearProperty("videochat.out");
    }

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, env, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anEngineNamedInTheFileIsUsed() throws Exception {
        Path config = Files.writeString(dir.resolve("videochat.properties"), "videochat.tts=no-such-voice-engine\n");
        assertEquals(2, run(Map.of(), "--config", config.toString(), "--out", dir.resolve("out").toString(),
                "speak", "Hello."));
        assertTrue(printed().contains("no-such-voice-engine") && printed().contains("freetts"),
                "the file's engine was looked up and the known ones listed: " + printed());
    }

    @Test
    void theEnvironmentOverridesTheFile() throws Exception {
        Path config = Files.writeString(dir.resolve("videochat.properties"), "videochat.tts=from-the-file\n");
        assertEquals(2, run(Map.of("VIDEOCHAT_TTS", "from-the-environment"), "--config", config.toString(),
                "--out", dir.resolve("out").toString(), "speak", "Hello."));
        assertTrue(printed().contains("from-the-environment"), printed());
        assertFalse(printed().contains("from-the-file"), printed());
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
        Path missing = dir.resolve("nope.properties");
        assertEquals(2, run(Map.of(), "--config", missing.toString(), "speak", "Hello."));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("the config file " + missing.toAbsolutePath() + " does not exist"), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
    }

    @Test
    void aFlagWithoutItsValueIsOneLine() {
        assertEquals(2, run(Map.of(), "speak", "Hello.", "--config"));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("--config needs a value"), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }
}
