package dev.videochat.tts;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.tts.espeak.EspeakProvider;
import dev.videochat.tts.freetts.FreeTtsProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The offline engines' {@code voice} setting: a voice they do not have is an error that names it, never ignored. */
class UnknownVoiceSettingTest {

    @Test
    void freeTtsRefusesAVoiceItDoesNotHaveAndNamesItsOnlyOne() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new FreeTtsProvider().create(Map.of("voice", "nosuch")));
        assertEquals("[TTS/freetts] setting 'voice' names 'nosuch', a voice this engine does not have; its only "
                + "voice is kevin16 (en-US)", e.getMessage());
    }

    @Test
    void freeTtsTakesItsOwnVoiceByName() {
        try (SpeechSynthesizer tts = new FreeTtsProvider().create(Map.of("voice", "kevin16"))) {
            assertEquals("kevin16", tts.defaultVoice().id());
        }
    }

    @Test
    void espeakRefusesAVoiceItDoesNotHaveAndNamesSomeItHas() {
        assumeTrue(onPath("espeak-ng"), "skipped: espeak-ng is not installed (apt-get install espeak-ng)");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new EspeakProvider().create(Map.of("voice", "nosuch")));
        assertTrue(e.getMessage().startsWith("[TTS/espeak] setting 'voice' names 'nosuch'")
                && e.getMessage().contains("en-us"), e.getMessage());
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
