package dev.videochat.llm;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.llm.testing.LoopbackServer;
import dev.videochat.llm.testing.RecordingHandler;
import dev.videochat.llm.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.util.List;

import static dev.videochat.llm.ChatFailuresTest.failureOf;
import static dev.videochat.llm.OpenAiStreamingTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class OllamaStreamingTest {

    private static final String NDJSON = "application/x-ndjson";

    @Test
    void nativeChatStreamsNewlineDelimitedJsonSplitBadlyWithThinkingAndFinalStatistics() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startStream(exchange, NDJSON);
            Wire.writeSplit(out, "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                    + "\"thinking\":\"想一想\"},\"done\":false}\n");
            Wire.writeSplit(out, Wire.ollamaLine("你好"));
            Wire.writeSplit(out, "\n");
            Wire.writeSplit(out, Wire.ollamaLine("，世界 😀").replace("\n", "\r\n"));
            Wire.writeSplit(out, Wire.ollamaDone(4));
        }); HttpChatModel model = TestModels.ollama(server)) {
            RecordingHandler handler = new RecordingHandler();

            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals(List.of("你好", "，世界 😀"), handler.deltas);
            assertEquals(List.of("想一想"), handler.reasoning);
            assertEquals("stop", result.finishReason());
            assertEquals(4, result.completionTokens());
            assertEquals(2, result.deltaCount());
        }
    }

    @Test
    void theRequestGoesToApiChatWithOllamasOptionNames() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange ->
                Wire.writeSplit(Wire.startStream(exchange, NDJSON), Wire.ollamaDone(0)));
             HttpChatModel model = TestModels.ollama(server, "temperature", "0.5", "max-tokens", "100",
                     "keep-alive", "5m")) {
            model.stream(HELLO, new RecordingHandler()).await();

            LoopbackServer.Recorded sent = server.takeRequest();
            assertEquals("/api/chat", sent.path());
            assertEquals("{\"model\":\"test-model\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                    + "{\"role\":\"user\",\"content\":\"Say hello\"}],\"stream\":true,"
                    + "\"options\":{\"temperature\":0.5,\"num_predict\":100},\"keep_alive\":\"5m\"}", sent.body());
        }
    }

    @Test
    void anErrorLineEndsTheCallWithOllamasMessage() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startStream(exchange, NDJSON);
            Wire.writeSplit(out, Wire.ollamaLine("Hi"));
            Wire.writeSplit(out, "{\"error\":\"model runner has unexpectedly stopped\"}\n");
        }); HttpChatModel model = TestModels.ollama(server)) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains(
                    "the server reported an error in the stream: model runner has unexpectedly stopped"),
                    failure.getMessage());
            assertEquals(server.root() + "/api/chat", failure.endpoint().toString());
        }
    }

    @Test
    void aMissingModelIsReportedWithOllamasMessage() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.respondJson(exchange, 404,
                "{\"error\":\"model \\\"test-model\\\" not found, try pulling it first\"}"));
             HttpChatModel model = TestModels.ollama(server)) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains("HTTP 404: model \"test-model\" not found, try pulling it first"),
                    failure.getMessage());
        }
    }

    @Test
    void aStreamEndingWithoutTheDoneLineFails() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange ->
                Wire.writeSplit(Wire.startStream(exchange, NDJSON), Wire.ollamaLine("Hal")));
             HttpChatModel model = TestModels.ollama(server)) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains("the stream ended before a '\"done\": true' line after 1 deltas"),
                    failure.getMessage());
        }
    }

    @Test
    void aMalformedLineFails() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange ->
                Wire.writeSplit(Wire.startStream(exchange, NDJSON), "{\"message\":{\"content\":\"Hi\"},\"done\":fals\n"));
             HttpChatModel model = TestModels.ollama(server)) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains("malformed JSON in the stream"), failure.getMessage());
        }
    }
}
