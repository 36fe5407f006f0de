package dev.videochat.realtime;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.s2s.SpeechConversation;
import dev.videochat.api.s2s.SpeechResult;
import dev.videochat.api.s2s.SpeechToSpeechModel;
import dev.videochat.core.testing.LoopbackWebSocketServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealtimeBuilderTest {

    @Test
    void aModelFromTheBuilderAnswersThroughTheServerWithTheKeyGivenInCode() throws Exception {
        RealtimePeer peer = new RealtimePeer();
        try (LoopbackWebSocketServer server = new LoopbackWebSocketServer(peer,
                request -> "Bearer sk-code".equals(request.get("authorization")) ? null
                        : new LoopbackWebSocketServer.Refusal(401, "{\"error\":{\"code\":\"invalid_api_key\"}}"), 1);
             SpeechToSpeechModel model = RealtimeSpeechModel.builder(RealtimePreset.LOCAL)
                     .baseUrl(server.uri("/v1/realtime")).model("test-model").voice("verse").apiKey("sk-code")
                     .idleTimeout(Duration.ofSeconds(10)).environment(name -> "sk-from-the-environment").build();
             SpeechConversation conversation = model.open(Optional.of("Be brief."))) {
            RecordingSpeechHandler handler = new RecordingSpeechHandler();
            SpeechResult result = conversation.respond(Optional.empty(), Optional.of("Hello?"), handler)
                    .result().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertArrayEquals(RealtimePeer.AUDIO, handler.samples());
            assertEquals(String.join("", RealtimePeer.TRANSCRIPT), result.transcript());
        }
    }

    @Test
    void theBuilderAndTheSettingsGiveTheSameSettings() {
        RealtimeSettings built = RealtimeSpeechModel.builder(RealtimePreset.DASHSCOPE).model("qwen-omni-turbo-realtime")
                .voice("Ethan").instructions("Be brief.").apiKey("sk-code").openAiBetaHeader(true)
                .inputAudioFormat("pcm16").inputSampleRate(16_000).outputAudioFormat("pcm16").outputSampleRate(24_000)
                .serverVad(true).inputTranscriptionModel("gummy-realtime-v1").connectTimeout(Duration.ofSeconds(3))
                .idleTimeout(Duration.ofSeconds(7)).environment(name -> null).settings();
        RealtimeSettings named = RealtimeSettings.from(Map.ofEntries(Map.entry("preset", "dashscope"),
                Map.entry("model", "qwen-omni-turbo-realtime"), Map.entry("voice", "Ethan"),
                Map.entry("instructions", "Be brief."), Map.entry("api-key", "sk-code"),
                Map.entry("openai-beta-header", "true"), Map.entry("input-audio-format", "pcm16"),
                Map.entry("input-sample-rate", "16000"), Map.entry("output-audio-format", "pcm16"),
                Map.entry("output-sample-rate", "24000"), Map.entry("server-vad", "true"),
                Map.entry("input-transcription-model", "gummy-realtime-v1"), Map.entry("connect-timeout", "3s"),
                Map.entry("idle-timeout", "7s")), Map.of());
        assertEquals(built.toString(), named.toString());
        assertEquals(built.connectUrl(), named.connectUrl());
        assertEquals(built.instructions(), named.instructions());
        assertEquals(built.inputTranscriptionModel(), named.inputTranscriptionModel());
        assertEquals(built.connectTimeout(), named.connectTimeout());
        assertEquals(built.apiKey(), named.apiKey());
        assertFalse(built.toString().contains("sk-code"), built.toString());
        assertEquals("given to apiKey(..) or in the 'api-key' setting", built.keySource());
    }

    @Test
    void aMissingKeyForAHostedServiceNamesTheVariableTheBuilderMethodAndTheSetting() {
        String expected = "[S2S/realtime] OPENAI_API_KEY is not set: export it, or pass .apiKey(..) to "
                + "RealtimeSpeechModel.builder(), or the 'api-key' setting; api.openai.com needs one; a server of "
                + "your own does not (RealtimePreset.LOCAL, the preset 'local')";
        assertEquals(expected, assertThrows(ConfigurationException.class,
                () -> RealtimeSpeechModel.builder().environment(name -> null).build()).getMessage());
        assertEquals(expected, assertThrows(ConfigurationException.class,
                () -> RealtimeSettings.from(Map.of(), Map.of())).getMessage());
        assertEquals("in $OPENAI_API_KEY", RealtimeSpeechModel.builder()
                .environment(name -> "sk-env").settings().keySource());
    }

    @Test
    void aBadValueNamesTheBuilderMethodOrTheSetting() {
        assertEquals("[S2S/realtime] baseUrl(URI) must be a ws:// or wss:// URL with a host, got "
                + "'http://127.0.0.1:9000/v1/realtime'", assertThrows(ConfigurationException.class,
                () -> RealtimeSpeechModel.builder().baseUrl(URI.create("http://127.0.0.1:9000/v1/realtime")))
                .getMessage());
        assertEquals("[S2S/realtime] inputSampleRate(int) must be 8000..48000, got 100", assertThrows(
                ConfigurationException.class, () -> RealtimeSpeechModel.builder().inputSampleRate(100)).getMessage());
        assertEquals("[S2S/realtime] setting 'preset' must be one of openai, dashscope, local; got 'azure'",
                assertThrows(ConfigurationException.class, () -> RealtimeSettings.from(Map.of("preset", "azure"),
                        Map.of())).getMessage());
        assertTrue(assertThrows(ConfigurationException.class, () -> RealtimeSettings.from(Map.of("preset", "local",
                "output-audio-format", "g711_ulaw"), Map.of())).getMessage().startsWith(
                "[S2S/realtime] setting 'output-audio-format' names 'g711_ulaw'"));
    }
}
