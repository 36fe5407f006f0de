package dev.videochat.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videochat.api.Call;
import dev.videochat.api.llm.ChatMessage;
import dev.videochat.api.llm.ChatOptions;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.llm.testing.LoopbackServer;
import dev.videochat.llm.testing.RecordingHandler;
import dev.videochat.llm.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.videochat.llm.testing.Wire.DONE;
import static dev.videochat.llm.testing.Wire.content;
import static dev.videochat.llm.testing.Wire.finish;
import static dev.videochat.llm.testing.Wire.reasoning;
import static dev.videochat.llm.testing.Wire.role;
import static dev.videochat.llm.testing.Wire.usage;
import static dev.videochat.llm.testing.Wire.writeSplit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LangChain4j's OpenAI model, bridged, against an OpenAI-style streaming server on loopback. */
@Timeout(30)
class LangChain4jStreamingTest {

    static final ChatRequest HELLO = ChatRequest.of(List.of(ChatMessage.system("Be brief."),
            ChatMessage.user("Say hello")));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A whole answer: role chunk, three pieces of text, the finish reason, usage, end marker. */
    private static final LoopbackServer.Responder HELLO_WORLD = exchange -> {
        OutputStream out = Wire.startEvents(exchange);
        writeSplit(out, role() + content("你好，") + content("world 😀") + content("!\n\"ok\"")
                + finish("stop") + usage(9, 3) + DONE);
    };

    @Test
    void deltasArriveInOrderAndTheResultHoldsTheWholeAnswerWithItsFinishReasonAndTokenCount() throws Exception {
        try (LoopbackServer server = new LoopbackServer(HELLO_WORLD);
             LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            RecordingHandler handler = new RecordingHandler();

            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals(List.of("你好，", "world 😀", "!\n\"ok\""), handler.deltas);
            assertEquals("你好，world 😀!\n\"ok\"", result.text());
            assertEquals("stop", result.finishReason());
            assertEquals(3, result.deltaCount());
            assertEquals(3, result.completionTokens());
            assertTrue(result.timeToFirstDelta().compareTo(result.total()) <= 0);
            assertTrue(handler.reasoning.isEmpty());
        }
    }

    @Test
    void eachDeltaReachesTheHandlerWhileTheServerStillHoldsTheRest() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            writeSplit(out, role() + content("Hello"));
            if (!firstSeen.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the first delta never reached the handler");
            }
            writeSplit(out, content(", world.") + finish("stop") + usage(9, 2) + DONE);
        }); LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public void onDelta(String text) throws InterruptedException {
                    super.onDelta(text);
                    firstSeen.countDown();
                }
            };

            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals(List.of("Hello", ", world."), handler.deltas);
            assertEquals("Hello, world.", result.text());
        }
    }

    @Test
    void theRequestCarriesTheMessagesInOrderAndTheOptionsSet() throws Exception {
        try (LoopbackServer server = new LoopbackServer(HELLO_WORLD);
             LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            ChatRequest request = new ChatRequest(List.of(ChatMessage.system("You are a host."),
                    ChatMessage.user("Hi"), ChatMessage.assistant("Hello! Ask me anything."),
                    ChatMessage.user("What is 2+2?")),
                    ChatOptions.builder().model("qwen-plus").temperature(0.25).maxTokens(64).build());

            model.stream(request, new RecordingHandler()).await();

            LoopbackServer.Recorded sent = server.takeRequest();
            assertEquals("POST", sent.method());
            assertEquals("/v1/chat/completions", sent.path());
            assertEquals("Bearer " + OpenAiModels.API_KEY, sent.headers().getFirst("Authorization"));
            JsonNode body = JSON.readTree(sent.body());
            assertEquals(List.of("system: You are a host.", "user: Hi", "assistant: Hello! Ask me anything.",
                    "user: What is 2+2?"), messages(body));
            assertEquals("qwen-plus", body.path("model").asText());
            assertEquals(0.25, body.path("temperature").asDouble());
            assertEquals(64, body.path("max_tokens").asInt());
            assertTrue(body.path("stream").asBoolean());
        }
    }

    @Test
    void optionsLeftUnsetKeepTheLangChain4jModelsDefaultsAndABlankSystemPromptIsLeftOut() throws Exception {
        try (LoopbackServer server = new LoopbackServer(HELLO_WORLD);
             LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            ChatRequest request = ChatRequest.of(List.of(ChatMessage.system("  "), ChatMessage.user("Hi")));

            model.stream(request, new RecordingHandler()).await();

            JsonNode body = JSON.readTree(server.takeRequest().body());
            assertEquals(List.of("user: Hi"), messages(body));
            assertEquals("test-model", body.path("model").asText());
            assertFalse(body.has("temperature"), body.toString());
            assertFalse(body.has("max_tokens"), body.toString());
        }
    }

    @Test
    void reasoningGoesToTheReasoningCallbackAndStaysOutOfTheAnswer() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            writeSplit(out, role() + reasoning("The user greets; ") + reasoning("greet back.")
                    + content("Hello!") + finish("stop") + usage(9, 8) + DONE);
        }); LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            RecordingHandler handler = new RecordingHandler();

            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals(List.of("The user greets; ", "greet back."), handler.reasoning);
            assertEquals(List.of("Hello!"), handler.deltas);
            assertEquals("Hello!", result.text());
            assertEquals(1, result.deltaCount());
        }
    }

    @Test
    void anAnswerCutByTheTokenLimitSaysLength() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            writeSplit(out, role() + content("Once upon") + finish("length") + usage(9, 2) + DONE);
        }); LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            Call<ChatResult> call = model.stream(HELLO, new RecordingHandler());

            assertEquals("length", call.await().finishReason());
        }
    }

    @Test
    void theNameIsTheProvidersByDefaultAndTheBuildersWhenGiven() throws Exception {
        try (LoopbackServer server = new LoopbackServer(HELLO_WORLD);
             LangChain4jChatModel byDefault = LangChain4jChatModel.of(OpenAiModels.at(server));
             LangChain4jChatModel named = LangChain4jChatModel.builder(OpenAiModels.at(server))
                     .name("qwen-via-langchain4j").build()) {
            assertEquals("langchain4j-open-ai", byDefault.name());
            assertEquals("qwen-via-langchain4j", named.name());
        }
    }

    private static List<String> messages(JsonNode body) {
        List<String> messages = new ArrayList<>();
        body.path("messages").forEach(m -> messages.add(m.path("role").asText() + ": " + m.path("content").asText()));
        return messages;
    }
}
