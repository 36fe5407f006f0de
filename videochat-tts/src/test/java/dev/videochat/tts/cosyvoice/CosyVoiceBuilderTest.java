package dev.videochat.tts.cosyvoice;

import dev.videochat.api.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CosyVoiceBuilderTest {

    @Test
    void theBuilderAndTheSettingsGiveTheSameEngineSettings() {
        CosyVoiceSettings built = CosyVoiceSynthesizer.builder().url(URI.create("ws://127.0.0.1:9/api-ws"))
                .apiKey("sk-code").model("cosyvoice-v1").voice("longwan_v2").format(CosyVoiceFormat.MP3)
                .sampleRate(16_000).volume(70).rate(1.2).pitch(0.9).connectTimeout(Duration.ofSeconds(3))
                .idleTimeout(Duration.ofSeconds(7)).cleanText(false).maxChars(500).maxTaskChars(1_000)
                .environment(name -> null).settings();
        CosyVoiceSettings named = CosyVoiceSettings.from(Map.ofEntries(Map.entry("url", "ws://127.0.0.1:9/api-ws"),
                Map.entry("api-key", "sk-code"), Map.entry("model", "cosyvoice-v1"), Map.entry("voice", "longwan_v2"),
                Map.entry("format", "mp3"), Map.entry("sample-rate", "16000"), Map.entry("volume", "70"),
                Map.entry("rate", "1.2"), Map.entry("pitch", "0.9"), Map.entry("connect-timeout", "3s"),
                Map.entry("idle-timeout", "7s"), Map.entry("clean-text", "false"), Map.entry("max-chars", "500"),
                Map.entry("max-task-chars", "1000")), Map.of());
        assertEquals(built, named);
        assertFalse(built.toString().contains("sk-code"));
    }

    @Test
    void theKeyComesFromCodeFirstThenTheNamedVariable() {
        assertEquals("sk-code", CosyVoiceSynthesizer.builder().apiKey("sk-code")
                .environment(name -> "sk-env").settings().apiKey());
        assertEquals("sk-other", CosyVoiceSynthesizer.builder().apiKeyEnv("OTHER_KEY")
                .environment(name -> name.equals("OTHER_KEY") ? "sk-other" : null).settings().apiKey());
        assertEquals("sk-other", CosyVoiceSettings.from(Map.of("api-key-env", "OTHER_KEY"),
                Map.of("OTHER_KEY", "sk-other")).apiKey());
    }

    @Test
    void aMissingKeyNamesTheVariableTheBuilderMethodAndTheSetting() {
        String expected = "[TTS/cosyvoice] DASHSCOPE_API_KEY is not set: export it, or pass .apiKey(..) to "
                + "CosyVoiceSynthesizer.builder(), or the 'api-key' setting; get a key in the Model Studio console";
        assertEquals(expected, assertThrows(ConfigurationException.class,
                () -> CosyVoiceSynthesizer.builder().environment(name -> null).build()).getMessage());
        assertEquals(expected, assertThrows(ConfigurationException.class,
                () -> CosyVoiceSettings.from(Map.of(), Map.of())).getMessage());
    }

    @Test
    void aBadValueNamesTheBuilderMethodOrTheSetting() {
        assertEquals("[TTS/cosyvoice] sampleRate(int) must be one of 8000, 16000, 22050, 24000, 44100, 48000; got "
                + "11025", assertThrows(ConfigurationException.class,
                () -> CosyVoiceSynthesizer.builder().sampleRate(11_025)).getMessage());
        assertEquals("[TTS/cosyvoice] url(URI) must be an absolute ws or wss URL with a host, got "
                + "'https://example.com'", assertThrows(ConfigurationException.class,
                () -> CosyVoiceSynthesizer.builder().url(URI.create("https://example.com"))).getMessage());
        assertEquals("[TTS/cosyvoice] setting 'rate' must be 0.5..2, got 3", assertThrows(
                ConfigurationException.class, () -> CosyVoiceSettings.from(Map.of("api-key", "k", "rate", "3"),
                        Map.of())).getMessage());
    }
}
