package dev.videochat.realtime;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.s2s.SpeechToSpeechModel;
import dev.videochat.core.provider.Providers;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealtimeSettingsTest {

    @Test
    void theOpenAiPresetAddsTheModelToTheUrlAndReadsTheKeyFromTheEnvironment() {
        RealtimeSettings s = RealtimeSettings.from(Map.of("model", "gpt-4o-realtime-preview"),
                Map.of("OPENAI_API_KEY", "sk-secret"));

        assertEquals(URI.create("wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview"), s.connectUrl());
        assertEquals(URI.create("wss://api.openai.com/v1/realtime"), s.endpoint());
        assertTrue(s.openAiBetaHeader());
        assertEquals(24_000, s.inputSampleRate());
        assertEquals(24_000, s.outputSampleRate());
        assertFalse(s.serverVad());
        assertEquals(Duration.ofSeconds(30), s.idleTimeout());
        assertFalse(s.toString().contains("sk-secret"), s.toString());
    }

    @Test
    void aHostedServiceWithoutAKeyIsRefusedNamingTheVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RealtimeSettings.from(Map.of("preset", "dashscope"), Map.of()));

        assertTrue(e.getMessage().contains("DASHSCOPE_API_KEY"), e.getMessage());
    }

    @Test
    void theDashScopePresetUsesQwenOmniRealtimesDocumentedEndpointAndFormats() {
        RealtimeSettings s = RealtimeSettings.from(Map.of("preset", "dashscope"), Map.of("DASHSCOPE_API_KEY", "k"));

        assertEquals(URI.create("wss://dashscope.aliyuncs.com/api-ws/v1/realtime?model=qwen3-omni-flash-realtime"),
                s.connectUrl());
        assertFalse(s.openAiBetaHeader());
        assertEquals(16_000, s.inputSampleRate());
        assertEquals("pcm24", s.outputAudioFormat());
    }

    @Test
    void aLocalServerNeedsNoKeyAndKeepsAModelItsUrlAlreadyNames() {
        RealtimeSettings s = RealtimeSettings.from(Map.of("preset", "local",
                "base-url", "ws://127.0.0.1:9000/v1/realtime?model=mine", "server-vad", "true",
                "idle-timeout", "5s"), Map.of());

        assertEquals(URI.create("ws://127.0.0.1:9000/v1/realtime?model=mine"), s.connectUrl());
        assertTrue(s.serverVad());
        assertTrue(s.apiKey().isEmpty());
        assertEquals(Duration.ofSeconds(5), s.idleTimeout());
    }

    @Test
    void anOutputFormatThatIsNotPcmIsRefusedNamingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> RealtimeSettings.from(
                Map.of("preset", "local", "output-audio-format", "g711_ulaw"), Map.of()));

        assertTrue(e.getMessage().contains("'g711_ulaw'"), e.getMessage());
    }

    @Test
    void anHttpUrlIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> RealtimeSettings.from(
                Map.of("preset", "local", "base-url", "http://127.0.0.1:9000/v1/realtime"), Map.of()));

        assertTrue(e.getMessage().contains("ws://"), e.getMessage());
    }

    @Test
    void theProviderIsFoundByName() {
        try (SpeechToSpeechModel model = Providers.speechToSpeech("realtime",
                Map.of("preset", "local", "base-url", "ws://127.0.0.1:9/v1/realtime"))) {
            assertEquals("realtime", model.name());
        }
    }
}
