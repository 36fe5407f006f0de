package dev.videochat.tts.offline;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.tts.espeak.EspeakProvider;
import dev.videochat.tts.testing.RecordingHandler;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineVoicesBuilderTest {

    @Test
    void eachEnginesSettingsGoToItsBuilderWhicheverWayTheyAreWritten() throws Exception {
        try (SpeechSynthesizer built = OfflineVoices.builder().freeTts(b -> b.rate(200).volume(0.5))
                .espeak(b -> b.speed(200)).build();
             SpeechSynthesizer dotted = new OfflineProvider().create(Map.of("freetts.rate", "200",
                     "freetts.volume", "0.5", "espeak.speed", "200"));
             SpeechSynthesizer dashed = new OfflineProvider().create(Map.of("freetts-rate", "200",
                     "freetts-volume", "0.5", "espeak-speed", "200"))) {
            AudioChunk fromBuilder = speak(built, "Hello there!");
            assertTrue(fromBuilder.sampleCount() > 0);
            assertArrayEquals(fromBuilder.samples(), speak(dotted, "Hello there!").samples());
            assertArrayEquals(fromBuilder.samples(), speak(dashed, "Hello there!").samples());
            if (EspeakProvider.isAvailable()) {
                // espeak-ng keeps state between utterances, so two runs differ by a few samples, never by a voice
                int mandarin = speak(built, "你好，今天天气很好。").sampleCount();
                assertEquals(mandarin, speak(dotted, "你好，今天天气很好。").sampleCount(), mandarin / 100.0);
                assertEquals(mandarin, speak(dashed, "你好，今天天气很好。").sampleCount(), mandarin / 100.0);
                try (SpeechSynthesizer slower = OfflineVoices.create()) {
                    assertTrue(speak(slower, "你好，今天天气很好。").sampleCount() > mandarin * 1.1,
                            "espeak.speed 200 speaks faster than the default 175");
                }
            }
        }
    }

    @Test
    void anUnknownKeyOfOneEngineIsNamedWithItsPrefixAndThatEnginesKeys() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new OfflineProvider().create(Map.of("freetts.rat", "200")));
        assertEquals("[TTS/offline] unknown setting 'freetts.rat'; known: freetts.clean-text, freetts.concurrency, "
                + "freetts.max-chars, freetts.pitch, freetts.pitch-range, freetts.rate, freetts.voice, "
                + "freetts.volume", e.getMessage());
    }

    @Test
    void aVoiceNoOfflineEngineHasNamesTheMethodOrTheSetting() {
        ConfigurationException built = assertThrows(ConfigurationException.class,
                () -> OfflineVoices.builder().voice("nosuch").build());
        assertTrue(built.getMessage().startsWith("[TTS/offline] voice(String) names 'nosuch', which no offline "
                + "voice is; the offline voices are kevin16"), built.getMessage());
        ConfigurationException named = assertThrows(ConfigurationException.class,
                () -> new OfflineProvider().create(Map.of("voice", "nosuch")));
        assertTrue(named.getMessage().startsWith("[TTS/offline] setting 'voice' names 'nosuch', which no offline "
                + "voice is"), named.getMessage());
    }

    private static AudioChunk speak(SpeechSynthesizer tts, String text) throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        tts.synthesize(text, tts.defaultVoice(), handler).await();
        return handler.audio();
    }
}
