package dev.videochat.langchain4j;

import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.videochat.llm.testing.LoopbackServer;

import java.time.Duration;

/** LangChain4j's own OpenAI streaming model, pointed at a loopback server, as an application would build it. */
final class OpenAiModels {

    static final String API_KEY = "sk-test-key";

    private OpenAiModels() {
    }

    static OpenAiStreamingChatModel at(LoopbackServer server) {
        return OpenAiStreamingChatModel.builder()
                .baseUrl(server.openAiBaseUrl())
                .apiKey(API_KEY)
                .modelName("test-model")
                .returnThinking(true)
                .timeout(Duration.ofSeconds(10))
                .build();
    }
}
