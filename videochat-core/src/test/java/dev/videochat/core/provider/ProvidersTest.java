package dev.videochat.core.provider;

import dev.videochat.api.Stage;
import dev.videochat.api.UnknownProviderException;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvidersTest {

    /** Registered in this module's test resources, as an engine jar would register itself. */
    public static final class ToneProvider implements SpeechSynthesizerProvider {
        @Override
        public String name() {
            return "tone";
        }

        @Override
        public String description() {
            return "a 220 Hz tone, for tests";
        }

        @Override
        public SpeechSynthesizer create(Map<String, String> settings) {
            int rate = Integer.parseInt(settings.getOrDefault("rate", "16000"));
            return new SimulatedSynthesizer(rate, 20, Duration.ZERO, new StageLog());
        }
    }

    @Test
    void anEngineIsFoundByItsNameAndBuiltFromItsSettings() {
        SpeechSynthesizer tts = Providers.synthesizer("Tone", Map.of("rate", "22050"));
        assertEquals("simulated-tts", tts.name());
        assertTrue(Providers.names(SpeechSynthesizerProvider.class).contains("tone"));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        UnknownProviderException e = assertThrows(UnknownProviderException.class,
                () -> Providers.synthesizer("nope", Map.of()));
        assertEquals(Stage.TTS, e.stage());
        assertTrue(e.known().contains("tone"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("tone"), e.getMessage());
    }
}
