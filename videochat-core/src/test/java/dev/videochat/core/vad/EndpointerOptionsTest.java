package dev.videochat.core.vad;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointerOptionsTest {

    @Test
    void defaultsSuitAConversation() {
        EndpointerOptions o = EndpointerOptions.defaults();

        assertEquals(0.5f, o.startThreshold());
        assertEquals(0.35f, o.endThreshold());
        assertEquals(Duration.ofMillis(600), o.endSilence());
        assertEquals(Duration.ofMillis(250), o.minSpeech());
        assertEquals(Duration.ofMillis(300), o.preRoll());
        assertEquals(Duration.ofSeconds(30), o.maxUtterance());
    }

    @Test
    void anEndThresholdAboveTheStartThresholdIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EndpointerOptions.builder().startThreshold(0.4f).endThreshold(0.6f).build());
        assertTrue(e.getMessage().contains("endThreshold (0.6) must not be above startThreshold (0.4)"), e.getMessage());
    }

    @Test
    void aProbabilityOutsideZeroToOneIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EndpointerOptions.builder().startThreshold(1.5f));
        assertTrue(e.getMessage().contains("startThreshold must be a probability in (0, 1], got 1.5"), e.getMessage());
    }

    @Test
    void aMinimumSpeechNotShorterThanTheMaximumUtteranceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EndpointerOptions.builder()
                .minSpeech(Duration.ofSeconds(2)).maxUtterance(Duration.ofSeconds(2)).build());
        assertTrue(e.getMessage().contains("minSpeech (2000 ms) must be shorter than maxUtterance (2000 ms)"),
                e.getMessage());
    }

    @Test
    void aZeroEndSilenceAndANegativePreRollAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EndpointerOptions.builder().endSilence(Duration.ZERO));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EndpointerOptions.builder().preRoll(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("preRoll must not be negative, got -1 ms"), e.getMessage());
    }
}
