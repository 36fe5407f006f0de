package dev.videochat.tts.espeak;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.tts.testing.RecordingHandler;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EspeakBuilderTest {

    private static final String MIXED = "Hello, 你好。";

    @Test
    void theBuilderAndTheSettingsSpeakTheSameSamplesWithTheSameVoicePerLanguage() throws Exception {
        assumeTrue(EspeakProvider.isAvailable(), "skipped: libespeak-ng is not installed "
                + "(apt-get install -y libespeak-ng1 espeak-ng-data)");
        try (SpeechSynthesizer built = EspeakSynthesizer.builder().voice("en-us").voice("zh", "cmn-latn-pinyin")
                .speed(160).pitch(40).amplitude(120).wordGap(1).build();
             SpeechSynthesizer named = new EspeakProvider().create(Map.of("voice", "en-us",
                     "voice-zh", "cmn-latn-pinyin", "speed", "160", "pitch", "40", "amplitude", "120",
                     "word-gap", "1"))) {
            assertEquals(built.voices(), named.voices());
            assertEquals("en-us", built.defaultVoice().id());
            // espeak-ng keeps state between utterances, so two runs differ by a few samples, never by a voice
            int fromBuilder = speak(built).sampleCount();
            assertTrue(fromBuilder > 11_025, "half a second at least");
            assertEquals(fromBuilder, speak(named).sampleCount(), fromBuilder / 100.0);
            try (SpeechSynthesizer slower = EspeakSynthesizer.builder().speed(100).build()) {
                assertTrue(speak(slower).sampleCount() > fromBuilder * 1.2, "speed reaches the engine");
            }
        }
    }

    @Test
    void aVoiceTheLibraryDoesNotHaveIsNamedWhenTheEngineIsBuilt() {
        assumeTrue(EspeakProvider.isAvailable(), "skipped: libespeak-ng is not installed");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> EspeakSynthesizer.builder().voice("nosuch").build());
        assertTrue(e.getMessage().startsWith("[TTS/espeak] voice(String) names 'nosuch', which this espeak-ng "
                + "does not have"), e.getMessage());
    }

    @Test
    void aBadValueNamesTheBuilderMethod() {
        assertEquals("[TTS/espeak] speed(int) must be 80..450, got 10", assertThrows(ConfigurationException.class,
                () -> EspeakSynthesizer.builder().speed(10)).getMessage());
        assertEquals("[TTS/espeak] voice(String, String) names no language: give a language tag such as zh or en, "
                + "got '-zh'", assertThrows(ConfigurationException.class,
                () -> EspeakSynthesizer.builder().voice("-zh", "cmn")).getMessage());
        assertEquals("[TTS/espeak] setting 'word-gap' must be 0..100, got 500", assertThrows(
                ConfigurationException.class, () -> new EspeakProvider().create(Map.of("word-gap", "500")))
                .getMessage());
    }

    private static AudioChunk speak(SpeechSynthesizer tts) throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        tts.synthesize(MIXED, tts.defaultVoice(), handler).await();
        return handler.audio();
    }
}
