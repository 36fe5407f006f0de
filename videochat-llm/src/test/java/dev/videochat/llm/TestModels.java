package dev.videochat.llm;

import dev.videochat.llm.testing.LoopbackServer;

import java.util.HashMap;
import java.util.Map;

/** Chat models pointed at a {@link LoopbackServer}, with retries that do not wait. */
final class TestModels {

    static final String SECRET_KEY = "sk-test-0123456789-secret";

    private TestModels() {
    }

    /** An {@code openai-compatible} model at the server, with the settings given as key, value pairs on top. */
    static HttpChatModel openAiCompatible(LoopbackServer server, String... extra) {
        return new OpenAiCompatibleChatModelProvider().create(settings(server.openAiBaseUrl(), extra), name -> null);
    }

    /** An {@code openai} model at the server whose key is {@link #SECRET_KEY}. */
    static HttpChatModel openAiWithKey(LoopbackServer server, String... extra) {
        return new OpenAiChatModelProvider().create(settings(server.openAiBaseUrl(), extra),
                name -> name.equals("OPENAI_API_KEY") ? SECRET_KEY : null);
    }

    /** An {@code ollama} model at the server. */
    static HttpChatModel ollama(LoopbackServer server, String... extra) {
        return new OllamaChatModelProvider().create(settings(server.root(), extra), name -> null);
    }

    private static Map<String, String> settings(String baseUrl, String... extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("base-url", baseUrl);
        settings.put("model", "test-model");
        settings.put("retry-backoff", "1ms");
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }
}
