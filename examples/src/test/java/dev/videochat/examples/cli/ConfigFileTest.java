package dev.videochat.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    private final CliRun cli = new CliRun();

    @Test
    void anEngineNamedInTheFileIsUsed() throws Exception {
        Path config = Files.writeString(dir.resolve("videochat.properties"), "videochat.tts=no-such-voice-engine\n");
        assertEquals(2, cli.run(Map.of(), "--config", config.toString(), "--out", dir.resolve("out").toString(),
                "speak", "Hello."));
        assertTrue(cli.printed().contains("no-such-voice-engine") && cli.printed().contains("freetts"),
                "the file's engine was looked up and the known ones listed: " + cli.printed());
    }

    @Test
    void theEnvironmentOverridesTheFile() throws Exception {
        Path config = Files.writeString(dir.resolve("videochat.properties"), "videochat.tts=from-the-file\n");
        assertEquals(2, cli.run(Map.of("VIDEOCHAT_TTS", "from-the-environment"), "--config", config.toString(),
                "--out", dir.resolve("out").toString(), "speak", "Hello."));
        assertTrue(cli.printed().contains("from-the-environment"), cli.printed());
        assertFalse(cli.printed().contains("from-the-file"), cli.printed());
    }

    @Test
    void theFileMayComeAfterTheCommand() throws Exception {
        Path config = Files.writeString(dir.resolve("videochat.properties"), "videochat.tts=named-after-speak\n");
        assertEquals(2, cli.run(Map.of(), "--out", dir.resolve("out").toString(), "speak", "Hello.", "--config",
                config.toString()));
        assertTrue(cli.printed().contains("named-after-speak"), cli.printed());
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
        Path missing = dir.resolve("nope.properties");
        assertEquals(2, cli.run(Map.of(), "--config", missing.toString(), "speak", "Hello."));
        String err = cli.err();
        assertTrue(err.contains("the config file " + missing.toAbsolutePath() + " does not exist"), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
    }

    @Test
    void aFlagWithoutItsValueIsOneLine() {
        assertEquals(2, cli.run(Map.of(), "speak", "Hello.", "--config"));
        String err = cli.err();
        assertTrue(err.contains("Missing required parameter for option '--config' (FILE)"), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }
}
