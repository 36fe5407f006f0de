package dev.videochat.langchain4j;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.llm.OpenAiCompatibleChatModel;
import dev.videochat.llm.testing.LoopbackServer;
import dev.videochat.llm.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SDK's own OpenAI-compatible client, on a loopback SSE server, used through LangChain4j's interface. */
@Timeout(20)
class VideoChatStreamingChatModelTest {

    /** Collects what LangChain4j's handler is told. */
    private static final class Collected implements StreamingChatResponseHandler {
        final List<String> partials = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        final CountDownLatch first = new CountDownLatch(1);
        volatile PartialResponseContext context;

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext ctx) {
            context = ctx;
            partials.add(partial.text());
            first.countDown();
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }
    }

    private static ChatModel client(LoopbackServer server) {
        return OpenAiCompatibleChatModel.builder().baseUrl(server.openAiBaseUrl()).model("local").build();
    }

    @Test
    void textStreamsToTheHandlerAndTheResponseCarriesTheWholeAnswer() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.content("Hello, "));
            Wire.writeSplit(out, Wire.content("world."));
            Wire.writeSplit(out, Wire.finish("stop"));
            Wire.writeSplit(out, Wire.usage(7, 2));
            Wire.writeSplit(out, Wire.DONE);
        }); ChatModel client = client(server)) {
            Collected handler = new Collected();
            ChatRequest request = ChatRequest.builder()
                    .messages(SystemMessage.from("Be brief."), UserMessage.from("Greet me"))
                    .temperature(0.3).maxOutputTokens(32).build();

            VideoChatStreamingChatModel.of(client).chat(request, handler);
            ChatResponse response = handler.done.get(10, TimeUnit.SECONDS);

            assertEquals(List.of("Hello, ", "world."), handler.partials);
            assertEquals("Hello, world.", response.aiMessage().text());
            assertEquals(FinishReason.STOP, response.finishReason());
            assertEquals(2, response.tokenUsage().outputTokenCount());
            String body = server.takeRequest().body();
            assertTrue(body.contains("\"temperature\":0.3") && body.contains("\"max_tokens\":32")
                    && body.contains("Be brief.") && body.contains("Greet me"), body);
        }
    }

    @Test
    void theStreamingHandleCancelsTheCallAndTheHandlerHearsNothingMore() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        CompletableFuture<IOException> serverSawClose = new CompletableFuture<>();
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            try {
                OutputStream out = Wire.startEvents(exchange);
                Wire.writeSplit(out, Wire.content("First. "));
                cancelled.await(10, TimeUnit.SECONDS);
                byte[] more = Wire.content("Never seen. ").getBytes(StandardCharsets.UTF_8);
                // the socket buffers hold far less than this: an open connection would block here, not finish
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(more);
                    out.flush();
                }
                serverSawClose.completeExceptionally(new AssertionError("the connection stayed open"));
            } catch (IOException e) {
                serverSawClose.complete(e);
            }
        }); ChatModel client = client(server)) {
            Collected handler = new Collected();
            VideoChatStreamingChatModel.of(client).chat(ChatRequest.builder()
                    .messages(UserMessage.from("Talk")).build(), handler);
            assertTrue(handler.first.await(10, TimeUnit.SECONDS));

            handler.context.streamingHandle().cancel();
            cancelled.countDown();

            assertTrue(handler.context.streamingHandle().isCancelled());
            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS),
                    "the client closed the connection");
            assertEquals(List.of("First. "), handler.partials, "nothing the server sent after the cancel arrives");
            assertFalse(handler.done.isDone(), "a cancelled stream neither completes nor fails the handler");
        }
    }

    @Test
    void aToolResultIsRefusedThroughOnError() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.respondJson(exchange, 500, "{}"));
             ChatModel client = client(server)) {
            Collected handler = new Collected();
            VideoChatStreamingChatModel.of(client).chat(ChatRequest.builder().messages(UserMessage.from("x"),
                    ToolExecutionResultMessage.from("id", "tool", "42")).build(), handler);
            Throwable error = handler.done.handle((r, e) -> e).get(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalArgumentException.class, error);
            assertTrue(error.getMessage().contains("TOOL_EXECUTION_RESULT"), error.getMessage());
            assertEquals(0, server.requestCount());
        }
    }
}
