package dev.videochat.llm;

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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class OpenAiStreamingTest {

    static final ChatRequest HELLO = ChatRequest.of(List.of(ChatMessage.system("Be brief."),
            ChatMessage.user("Say hello")));

    @Test
    void deltasArriveInOrderFromBadlySplitEventsWithKeepAlivesRoleChunkNullContentAndUsageAndNothingAfterDone() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, ": keep-alive\n\n");
            Wire.writeSplit(out, Wire.event("\"role\":\"assistant\",\"content\":\"\"", null));
            Wire.writeSplit(out, Wire.content("你好，"));
            Wire.writeSplit(out, ": keep-alive\n\n");
            Wire.writeSplit(out, Wire.event("\"content\":null", null));
            Wire.writeSplit(out, Wire.content("世界 😀"));
            Wire.writeSplit(out, Wire.event("", null));
            Wire.writeSplit(out, Wire.content("!\n\"ok\""));
            Wire.writeSplit(out, Wire.event("", "stop"));
            Wire.writeSplit(out, Wire.usage(9, 5));
            out.write((Wire.DONE + Wire.content("after the end")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }); HttpChatModel model = TestModels.openAiCompatible(server)) {
            RecordingHandler handler = new RecordingHandler();

            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals(List.of("你好，", "世界 😀", "!\n\"ok\""), handler.deltas);
            assertEquals("你好，世界 😀!\n\"ok\"", result.text());
            assertEquals("stop", result.finishReason());
            assertEquals(3, result.deltaCount());
            assertEquals(5, result.completionTokens());
            assertTrue(result.timeToFirstDelta().compareTo(result.total()) <= 0);
            assertTrue(result.tokensPerSecond() > 0);
            assertTrue(handler.reasoning.isEmpty());
        }
    }

    @Test
    void crlfAndLoneCarriageReturnLineEndingsAreUnderstood() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, ": keep-alive\r\n\r\n");
            Wire.writeSplit(out, Wire.content("über").replace("\n", "\r\n"));
            Wire.writeSplit(out, Wire.content(" straße").replace("\n", "\r"));
            Wire.writeSplit(out, Wire.DONE.replace("\n", "\r\n"));
        }); HttpChatModel model = TestModels.openAiCompatible(server)) {
            RecordingHandler handler = new RecordingHandler();

            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals(List.of("über", " straße"), handler.deltas);
            assertEquals("unknown", result.finishReason());
            assertEquals(-1, result.completionTokens());
        }
    }

    @Test
    void reasoningContentGoesToTheReasoningCallbackAndNotIntoTheAnswer() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.event("\"content\":null,\"reasoning_content\":\"用户在打招呼\"", null));
            Wire.writeSplit(out, Wire.event("\"reasoning_content\":\"，简短回答。\"", null));
            Wire.writeSplit(out, Wire.event("\"content\":\"你好\",\"reasoning_content\":null", "stop"));
            Wire.writeSplit(out, Wire.DONE);
        }); HttpChatModel model = TestModels.openAiCompatible(server)) {
            RecordingHandler handler = new RecordingHandler();

            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals(List.of("用户在打招呼", "，简短回答。"), handler.reasoning);
            assertEquals(List.of("你好"), handler.deltas);
            assertEquals("你好", result.text());
        }
    }

    @Test
    void aUsageChunkWithNullOrMissingChoicesIsAccepted() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.content("Hi"));
            Wire.writeSplit(out, "data: {\"id\":\"c\",\"choices\":null,\"usage\":{\"completion_tokens\":1}}\n\n");
            Wire.writeSplit(out, "data: {\"id\":\"c\",\"usage\":{\"completion_tokens\":2}}\n\n");
            Wire.writeSplit(out, Wire.DONE);
        }); HttpChatModel model = TestModels.openAiCompatible(server)) {
            ChatResult result = model.stream(HELLO, new RecordingHandler()).await();

            assertEquals("Hi", result.text());
            assertEquals(2, result.completionTokens());
        }
    }

    @Test
    void theRequestAsksForAStreamWithTheMessagesModelOptionsKeyAndExtraHeaders() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.DONE);
        }); HttpChatModel model = TestModels.openAiWithKey(server, "temperature", "0.3", "max-tokens", "64",
                "header.X-Trace", "t-1", "enable-thinking", "false")) {
            ChatRequest request = new ChatRequest(HELLO.messages(), ChatOptions.builder().model("qwen-plus").build());

            model.stream(request, new RecordingHandler()).await();

            LoopbackServer.Recorded sent = server.takeRequest();
            assertEquals("POST", sent.method());
            assertEquals("/v1/chat/completions", sent.path());
            assertEquals("Bearer " + TestModels.SECRET_KEY, sent.headers().getFirst("Authorization"));
            assertEquals("t-1", sent.headers().getFirst("X-Trace"));
            assertEquals("text/event-stream", sent.headers().getFirst("Accept"));
            assertEquals("{\"model\":\"qwen-plus\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                    + "{\"role\":\"user\",\"content\":\"Say hello\"}],\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"temperature\":0.3,\"max_tokens\":64,"
                    + "\"enable_thinking\":false}", sent.body());
        }
    }

    @Test
    void noKeyIsSentToAServerThatNeedsNone() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.DONE);
        }); HttpChatModel model = TestModels.openAiCompatible(server, "include-usage", "false")) {
            model.stream(HELLO, new RecordingHandler()).await();

            LoopbackServer.Recorded sent = server.takeRequest();
            assertFalse(sent.headers().containsKey("Authorization"));
            assertFalse(sent.body().contains("stream_options"));
        }
    }
}
