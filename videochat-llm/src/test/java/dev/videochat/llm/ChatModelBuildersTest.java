package dev.videochat.llm;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.llm.testing.LoopbackServer;
import dev.videochat.llm.testing.RecordingHandler;
import dev.videochat.llm.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.videochat.llm.OpenAiStreamingTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ChatModelBuildersTest {

    private static final LoopbackServer.Responder HI = exchange -> {
        OutputStream out = Wire.startEvents(exchange);
        Wire.writeSplit(out, Wire.content("Hi"));
        Wire.writeSplit(out, Wire.event("", "stop"));
        Wire.writeSplit(out, Wire.DONE);
    };

    @Test
    void aModelFromTheBuilderStreamsARealRequestWithTheKeyGivenInCode() throws Exception {
        try (LoopbackServer server = new LoopbackServer(HI);
             ChatModel model = OpenAiChatModel.builder().baseUrl(server.openAiBaseUrl()).apiKey("sk-from-code")
                     .model("gpt-test").temperature(0.5).maxTokens(64).header("OpenAI-Organization", "org-1")
                     .environment(name -> "sk-from-the-environment").build()) {
            RecordingHandler handler = new RecordingHandler();
            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals(List.of("Hi"), handler.deltas);
            assertEquals("stop", result.finishReason());
            LoopbackServer.Recorded sent = server.takeRequest();
            assertEquals("/v1/chat/completions", sent.path());
            assertEquals("Bearer sk-from-code", sent.headers().getFirst("Authorization"));
            assertEquals("org-1", sent.headers().getFirst("OpenAI-Organization"));
            assertTrue(sent.body().contains("\"model\":\"gpt-test\"") && sent.body().contains("\"temperature\":0.5")
                    && sent.body().contains("\"max_tokens\":64"), sent.body());
        }
    }

    @Test
    void theBuilderAndTheSettingsSendTheSameRequest() throws Exception {
        try (LoopbackServer server = new LoopbackServer(HI)) {
            ChatModelBuilder built = DashScopeChatModel.builder().baseUrl(URI.create(server.openAiBaseUrl()))
                    .apiKey("sk-same").model("qwen-plus").temperature(1.25).maxTokens(100).enableThinking(false)
                    .includeUsage(false).header("X-Trace", "t-1").maxRetries(0)
                    .retryBackoff(Duration.ofMillis(1)).readTimeout(Duration.ofSeconds(9));
            Map<String, String> settings = Map.of("base-url", server.openAiBaseUrl(), "api-key", "sk-same",
                    "model", "qwen-plus", "temperature", "1.25", "max-tokens", "100", "enable-thinking", "false",
                    "include-usage", "false", "header.X-Trace", "t-1", "max-retries", "0",
                    "retry-backoff", "1ms");
            Map<String, String> withReadTimeout = new java.util.HashMap<>(settings);
            withReadTimeout.put("read-timeout", "9s");

            LoopbackServer.Recorded fromBuilder;
            LoopbackServer.Recorded fromSettings;
            try (HttpChatModel model = built.environment(name -> null).buildHttp()) {
                model.stream(HELLO, new RecordingHandler()).await();
                fromBuilder = server.takeRequest();
                assertEquals(model.endpoint().toString(), new DashScopeChatModelProvider()
                        .create(withReadTimeout, name -> null).endpoint().toString());
            }
            try (HttpChatModel model = new DashScopeChatModelProvider().create(withReadTimeout, name -> null)) {
                model.stream(HELLO, new RecordingHandler()).await();
                fromSettings = server.takeRequest();
                assertEquals(Duration.ofSeconds(9), model.endpoint().readTimeout());
            }
            assertEquals(fromBuilder.path(), fromSettings.path());
            assertEquals(fromBuilder.body(), fromSettings.body());
            for (String header : List.of("Authorization", "X-Trace", "Accept", "Content-Type")) {
                assertEquals(fromBuilder.headers().getFirst(header), fromSettings.headers().getFirst(header), header);
            }
        }
    }

    @Test
    void ollamasKeepAliveIsSentAsGoWritesDurations() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.writeSplit(
                Wire.startStream(exchange, "application/x-ndjson"), Wire.ollamaDone(0)));
             ChatModel model = OllamaChatModel.builder().baseUrl(server.root()).model("m")
                     .keepAlive(Duration.ofMinutes(5)).build()) {
            model.stream(HELLO, new RecordingHandler()).await();
            assertTrue(server.takeRequest().body().endsWith(",\"keep_alive\":\"5m\"}"));
        }
        assertEquals("90s", ChatModelBuilder.goDuration(Duration.ofSeconds(90)));
        assertEquals("2h", ChatModelBuilder.goDuration(Duration.ofHours(2)));
        assertEquals("1500ms", ChatModelBuilder.goDuration(Duration.ofMillis(1500)));
        assertEquals("0s", ChatModelBuilder.goDuration(Duration.ZERO));
    }

    @Test
    void eachBuilderStartsFromItsProvidersDefaults() {
        assertEquals("https://api.openai.com/v1/chat/completions gpt-4o-mini", describe(OpenAiChatModel.builder()
                .apiKey("k")));
        assertEquals("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions qwen-turbo",
                describe(DashScopeChatModel.builder().apiKey("k")));
        assertEquals("http://127.0.0.1:11434/api/chat qwen2.5:7b", describe(OllamaChatModel.builder()));
        assertEquals("http://127.0.0.1:8000/v1/chat/completions m", describe(OpenAiCompatibleChatModel.builder()
                .model("m")));
    }

    @Test
    void aBadValueNamesTheBuilderMethod() {
        assertMessage("[LLM/openai] temperature(double) must be 0..2, got 3",
                () -> OpenAiChatModel.builder().temperature(3));
        assertMessage("[LLM/openai] maxTokens(int) must be 1..1000000, got 0", () -> OpenAiChatModel.builder()
                .maxTokens(0));
        assertMessage("[LLM/ollama] readTimeout(Duration) must be longer than 0, got PT0S",
                () -> OllamaChatModel.builder().readTimeout(Duration.ZERO));
        assertMessage("[LLM/dashscope] baseUrl(URI) must be an absolute http or https URL with a host, got "
                + "'ftp://example.com/v1'",
                () -> DashScopeChatModel.builder().baseUrl(URI.create("ftp://example.com/v1")));
        assertMessage("[LLM/openai] keepAlive(Duration) applies to OllamaChatModel only",
                () -> OpenAiChatModel.builder().keepAlive(Duration.ofMinutes(5)));
        assertMessage("[LLM/openai-compatible] header(String, String) cannot set the header 'Host'",
                () -> OpenAiCompatibleChatModel.builder().header("Host", "secret-host"));
        assertMessage("[LLM/openai] apiKey(String) must not be blank", () -> OpenAiChatModel.builder().apiKey(" "));
    }

    @Test
    void aMissingKeyNamesTheVariableTheBuilderMethodAndTheSetting() {
        assertMessage("[LLM/dashscope] DASHSCOPE_API_KEY is not set: export it, or pass .apiKey(..) to "
                + "DashScopeChatModel.builder(), or the 'api-key' setting; a server on this machine or a private "
                + "network needs none: point baseUrl(..) or the 'base-url' setting at it, for example "
                + "http://127.0.0.1:8000/v1", () -> DashScopeChatModel.builder().environment(name -> null).build());
        assertMessage("[LLM/ollama] PROXY_KEY is not set: export it, or pass .apiKey(..) to OllamaChatModel.builder(), "
                + "or the 'api-key' setting", () -> OllamaChatModel.builder().apiKeyEnv("PROXY_KEY")
                .environment(name -> null).build());
    }

    @Test
    void aKeyGivenInCodeOrSettingsWinsOverTheEnvironmentAndIsNeverShown() {
        UnaryOperator<String> env = name -> "sk-env";
        ChatEndpoint fromCode = OpenAiChatModel.builder().apiKey("sk-code").environment(env).endpoint();
        assertEquals("sk-code", fromCode.apiKey());
        assertNull(fromCode.apiKeyEnv(), "the key did not come from a variable");
        assertEquals("check the API key given to apiKey(..) or in the 'api-key' setting", fromCode.keyHint());
        try (HttpChatModel fromSettings = new OpenAiChatModelProvider().create(Map.of("api-key", "sk-setting"),
                env)) {
            assertEquals("sk-setting", fromSettings.endpoint().apiKey());
            assertFalse(fromSettings.endpoint().toString().contains("sk-setting"));
        }
        assertEquals("sk-env", OpenAiChatModel.builder().environment(env).endpoint().apiKey());
    }

    @Test
    void keepAliveIsAnUnknownSettingForTheOpenAiFormat() {
        assertMessage("[LLM/openai-compatible] unknown setting 'keep-alive'; known: api-key, api-key-env, base-url, "
                + "connect-timeout, enable-thinking, first-delta-timeout, header.*, headers-timeout, include-usage, "
                + "max-retries, max-tokens, model, read-timeout, retry-backoff, temperature",
                () -> new OpenAiCompatibleChatModelProvider().create(Map.of("model", "m", "keep-alive", "5m")));
        assertTrue(new OllamaChatModelProvider().settingNames().contains("keep-alive"));
    }

    private static String describe(ChatModelBuilder builder) {
        ChatEndpoint endpoint = builder.environment(name -> null).endpoint();
        return endpoint.url() + " " + endpoint.model();
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(ConfigurationException.class, call).getMessage());
    }
}
