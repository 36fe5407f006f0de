package dev.videochat.tts.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextPreparationTest {

    private static TextPreparation of(Map<String, String> settings) {
        return new TextPreparation(Boolean.parseBoolean(settings.getOrDefault("clean-text", "true")), 100);
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
    void aPieceMustHoldAtLeastTwoChars() {
        assertThrows(IllegalArgumentException.class, () -> new TextPreparation(true, 1));
    }
}
