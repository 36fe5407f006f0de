package dev.videochat.asr.funasr;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.core.provider.Providers;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code funasr} settings and the provider's discovery. */
class FunAsrSettingsTest {

    private static String error(Map<String, String> settings) {
        return assertThrows(ConfigurationException.class, () -> FunAsrSettings.from(settings)).getMessage();
    }

    @Test
    void theDefaultsSuitALocalTwoPassServerWithoutTls() {
        FunAsrSettings s = FunAsrSettings.from(Map.of());
        assertEquals(URI.create("ws://127.0.0.1:10095"), s.url());
        assertEquals(FunAsrMode.TWO_PASS, s.mode());
        assertEquals(List.of(5, 10, 5), s.chunkSize());
        assertTrue(s.itn());
        assertEquals("auto", s.svsLang());
        assertTrue(s.svsItn());
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(Duration.ofSeconds(30), s.finalTimeout());
        assertFalse(s.trustAllCertificates());
        assertEquals(Map.of(), s.hotwords());
    }

    @Test
    void eachSettingIsRead() {
        FunAsrSettings s = FunAsrSettings.from(Map.of("url", "wss://asr.example:10096", "mode", "Offline",
                "chunk-size", "0 8 4", "itn", "false", "svs-lang", "yue", "svs-itn", "no", "connect-timeout", "2s",
                "final-timeout", "1500ms", "wav-name", "mic", "trust-all-certificates", "true"));
        assertEquals(URI.create("wss://asr.example:10096"), s.url());
        assertEquals(FunAsrMode.OFFLINE, s.mode());
        assertEquals(List.of(0, 8, 4), s.chunkSize());
        assertFalse(s.itn());
        assertEquals("yue", s.svsLang());
        assertFalse(s.svsItn());
        assertEquals(Duration.ofSeconds(2), s.connectTimeout());
        assertEquals(Duration.ofMillis(1500), s.finalTimeout());
        assertEquals("mic", s.wavName());
        assertTrue(s.trustAllCertificates());
    }

    @Test
    void badValuesNameTheSettingAndTheFix() {
        assertTrue(error(Map.of("mode", "streaming")).contains("'mode' must be 2pass, online or offline"));
        assertTrue(error(Map.of("chunk-size", "5,0,5")).contains("the chunk above 0"));
        assertTrue(error(Map.of("chunk-size", "5,10")).contains("'chunk-size' must be three counts of 60 ms"));
        assertTrue(error(Map.of("url", "http://127.0.0.1:10095")).contains("ws://host:port or wss://host:port"));
        assertTrue(error(Map.of("hotwords", "阿里巴巴")).contains("the entry '阿里巴巴' has no weight"));
        assertTrue(error(Map.of("hotwords", "阿里巴巴 high")).contains("whole-number weight"));
        assertTrue(error(Map.of("svs-lang", "fr")).contains("'svs-lang' must be one of auto, zh, en, yue, ja, ko"));
        assertTrue(error(Map.of("final-timeout", "0")).contains("'final-timeout' must be longer than 0"));
        assertTrue(error(Map.of("mode", "x")).startsWith("[ASR/funasr] "));
    }

    @Test
    void theProviderIsFoundByNameAndTakes16kHz() {
        try (SpeechRecognizer asr = Providers.recognizer("funasr", Map.of())) {
            assertEquals("funasr", asr.name());
            assertEquals(16_000, asr.sampleRate());
        }
    }

    @Test
    void theBuilderAndTheSettingsGiveTheSameRecognizer() {
        FunAsrSettings built = FunAsrRecognizer.builder().url(URI.create("wss://asr.example:10096"))
                .mode(FunAsrMode.ONLINE).chunkSize(0, 8, 4).hotword("阿里巴巴", 20).hotword("通义实验室", 30).itn(false)
                .svsLang("YUE").svsItn(false).connectTimeout(Duration.ofSeconds(2))
                .finalTimeout(Duration.ofMillis(1500)).wavName("mic").trustAllCertificates(true).settings();
        FunAsrSettings named = FunAsrSettings.from(Map.ofEntries(Map.entry("url", "wss://asr.example:10096"),
                Map.entry("mode", "online"), Map.entry("chunk-size", "0,8,4"),
                Map.entry("hotwords", "阿里巴巴 20, 通义实验室 30"), Map.entry("itn", "false"), Map.entry("svs-lang", "yue"),
                Map.entry("svs-itn", "false"), Map.entry("connect-timeout", "2s"), Map.entry("final-timeout", "1500ms"),
                Map.entry("wav-name", "mic"), Map.entry("trust-all-certificates", "true")));
        assertEquals(built, named);
        try (FunAsrRecognizer asr = (FunAsrRecognizer) FunAsrRecognizer.builder().build()) {
            assertEquals(FunAsrSettings.from(Map.of()), asr.settings());
        }
    }

    @Test
    void aBadValueInTheBuilderNamesTheMethod() {
        assertEquals("[ASR/funasr] chunkSize(int, int, int) must be three counts of 60 ms such as 5,10,5 (look-back, "
                + "chunk, look-ahead, each 0..100; the chunk above 0), got 5,0,5", assertThrows(
                ConfigurationException.class, () -> FunAsrRecognizer.builder().chunkSize(5, 0, 5)).getMessage());
        assertEquals("[ASR/funasr] url(URI) must be ws://host:port or wss://host:port (the FunASR runtime server, "
                + "default ws://127.0.0.1:10095), got 'http://127.0.0.1:10095'", assertThrows(
                ConfigurationException.class,
                () -> FunAsrRecognizer.builder().url(URI.create("http://127.0.0.1:10095"))).getMessage());
        assertEquals("[ASR/funasr] svsLang(String) must be one of auto, zh, en, yue, ja, ko; got 'fr'", assertThrows(
                ConfigurationException.class, () -> FunAsrRecognizer.builder().svsLang("fr")).getMessage());
    }
}
