package dev.videochat.tts.edge;

import dev.videochat.api.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EdgeTtsBuilderTest {

    @Test
    void theBuilderAndTheSettingsGiveTheSameEngineSettings() {
        EdgeSettings built = EdgeTtsSynthesizer.builder().voice("zh-CN-YunxiNeural").rate(10).pitch(-5).volume(-20)
                .wordBoundaries(false).chromiumVersion("140.0.1").url(URI.create("ws://127.0.0.1:9/edge"))
                .connectTimeout(Duration.ofSeconds(4)).idleTimeout(Duration.ofSeconds(6)).cleanText(false)
                .maxChars(2_000).settings();
        EdgeSettings named = EdgeSettings.from(Map.ofEntries(Map.entry("voice", "zh-CN-YunxiNeural"),
                Map.entry("rate", "+10%"), Map.entry("pitch", "-5Hz"), Map.entry("volume", "-20%"),
                Map.entry("word-boundaries", "false"), Map.entry("chromium-version", "140.0.1"),
                Map.entry("url", "ws://127.0.0.1:9/edge"), Map.entry("connect-timeout", "4s"),
                Map.entry("idle-timeout", "6s"), Map.entry("clean-text", "false"), Map.entry("max-chars", "2000")));
        assertEquals(built, named);
        assertEquals(new EdgeProsody("+10%", "-5Hz", "-20%"), built.prosody());
        assertEquals(EdgeProsody.NEUTRAL, EdgeTtsSynthesizer.builder().settings().prosody());
    }

    @Test
    void aBadValueNamesTheBuilderMethodOrTheSetting() {
        assertEquals("[TTS/edge-tts] voice(String) names 'Aria', which is not of the form xx-YY-NameNeural",
                assertThrows(ConfigurationException.class, () -> EdgeTtsSynthesizer.builder().voice("Aria"))
                        .getMessage());
        assertEquals("[TTS/edge-tts] rate(int) must be -100..1000, got -150", assertThrows(
                ConfigurationException.class, () -> EdgeTtsSynthesizer.builder().rate(-150)).getMessage());
        assertEquals("[TTS/edge-tts] setting 'pitch' must look like +10Hz or -5Hz, got '5'", assertThrows(
                ConfigurationException.class, () -> EdgeSettings.from(Map.of("pitch", "5"))).getMessage());
        assertEquals("[TTS/edge-tts] setting 'voice' names 'Aria', which is not of the form xx-YY-NameNeural",
                assertThrows(ConfigurationException.class, () -> EdgeSettings.from(Map.of("voice", "Aria")))
                        .getMessage());
    }
}
