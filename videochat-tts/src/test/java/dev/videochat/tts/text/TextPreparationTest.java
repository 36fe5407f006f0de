package dev.videochat.tts.text;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextPreparationTest {

    private static TextPreparation of(Map<String, String> settings) {
        return TextPreparation.from(Settings.of(Stage.TTS, "test", settings), 100, 1_000);
    }

    @Test
    void cleansByDefault() {
        assertEquals(List.of("Hi there."), of(Map.of()).prepare("**Hi** there 😀"));
    }

    @Test
    void cleaningCanBeTurnedOff() {
        assertEquals(List.of("**Hi** there"), of(Map.of("clean-text", "false")).prepare("**Hi** there"));
    }

    @Test
    void blankTextIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> of(Map.of()).prepare(" \t\n"));
    }

    @Test
    void maxCharsIsCheckedAgainstTheEngineLimit() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> of(Map.of("max-chars", "5000")));
        assertEquals(Stage.TTS, e.stage());
    }
}
