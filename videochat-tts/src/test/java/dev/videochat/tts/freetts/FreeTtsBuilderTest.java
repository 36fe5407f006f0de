package dev.videochat.tts.freetts;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.tts.testing.RecordingHandler;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreeTtsBuilderTest {

    @Test
    void theBuilderAndTheSettingsMakeTheSameVoiceSpeakTheSameSamples() throws Exception {
        try (FreeTtsSynthesizer built = (FreeTtsSynthesizer) FreeTtsSynthesizer.builder().voice("kevin16").rate(180)
                .pitch(120).pitchRange(20).volume(0.8).concurrency(2).cleanText(false).maxChars(500).build();
             FreeTtsSynthesizer named = (FreeTtsSynthesizer) new FreeTtsProvider().create(Map.of("voice", "kevin16",
                     "rate", "180", "pitch", "120", "pitch-range", "20", "volume", "0.8", "concurrency", "2",
                     "clean-text", "false", "max-chars", "500"))) {
            assertEquals(built.options(), named.options());
            assertEquals(built.text(), named.text());
            AudioChunk fromBuilder = speak(built, "The same words, twice.");
            assertTrue(fromBuilder.sampleCount() > 8_000, "half a second at least");
            assertArrayEquals(fromBuilder.samples(), speak(named, "The same words, twice.").samples());
        }
    }

    @Test
    void aBadValueNamesTheBuilderMethodOrTheSetting() {
        assertEquals("[TTS/freetts] rate(double) must be 50..400, got 10",
                assertThrows(ConfigurationException.class, () -> FreeTtsSynthesizer.builder().rate(10)).getMessage());
        assertEquals("[TTS/freetts] maxChars(int) must be 2..100000, got 200000", assertThrows(
                ConfigurationException.class, () -> FreeTtsSynthesizer.builder().maxChars(200_000)).getMessage());
        assertEquals("[TTS/freetts] voice(String) names 'nosuch', a voice this engine does not have; its only voice "
                + "is kevin16 (en-US)", assertThrows(ConfigurationException.class,
                () -> FreeTtsSynthesizer.builder().voice("nosuch")).getMessage());
        assertEquals("[TTS/freetts] setting 'max-chars' must be 2..100000, got 200000", assertThrows(
                ConfigurationException.class, () -> new FreeTtsProvider().create(Map.of("max-chars", "200000")))
                .getMessage());
    }

    private static AudioChunk speak(SpeechSynthesizer tts, String text) throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        tts.synthesize(text, tts.defaultVoice(), handler).await();
        return handler.audio();
    }
}
