package dev.videochat.llm;

import dev.videochat.api.Call;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.llm.testing.LoopbackServer;
import dev.videochat.llm.testing.RecordingHandler;
import dev.videochat.llm.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.ExecutionException;

import static dev.videochat.llm.OpenAiStreamingTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ChatFailuresTest {

    static RemoteServiceException failureOf(Call<ChatResult> call) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.result().toCompletableFuture().get());
        return assertInstanceOf(RemoteServiceException.class, e.getCause());
    }

    @Test
    void aRejectedKeyFailsAtOnceWithTheServersMessageAndTheVariableToCheckButNeverTheKey() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.respondJson(exchange, 401,
                "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"invalid_api_key\"}}"));
             HttpChatModel model = TestModels.openAiWithKey(server)) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertEquals(401, failure.status().orElseThrow());
            assertFalse(failure.retryable());
            assertEquals(server.chatCompletionsUrl(), failure.endpoint());
            assertEquals("[LLM/openai] HTTP 401: Incorrect API key provided. [invalid_api_key]; check the API "
                    + "key in the environment variable OPENAI_API_KEY (" + server.chatCompletionsUrl() + ")",
                    failure.getMessage());
            assertFalse(failure.getMessage().contains(TestModels.SECRET_KEY));
            assertFalse(model.endpoint().toString().contains(TestModels.SECRET_KEY));
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void aForbiddenRequestIsNotRetried() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.respondJson(exchange, 403,
                "{\"error\":\"access denied\"}"));
             HttpChatModel model = TestModels.openAiCompatible(server)) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertEquals(403, failure.status().orElseThrow());
            assertTrue(failure.getMessage().contains("HTTP 403: access denied"), failure.getMessage());
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void anUnknownModelSaysWhichModelAndWhereToLook() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.respondJson(exchange, 404,
                "{\"object\":\"error\",\"message\":\"The model `test-model` does not exist.\",\"code\":404}"));
             HttpChatModel model = TestModels.openAiCompatible(server)) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains("HTTP 404: The model `test-model` does not exist.; check "
                    + "the base-url and that the model 'test-model' exists there"), failure.getMessage());
        }
    }

    @Test
    void aRateLimitedRequestIsRetriedAndThenSucceeds() throws Exception {
        try (LoopbackServer server = new LoopbackServer(
                exchange -> Wire.respondJson(exchange, 429, "{\"error\":{\"message\":\"slow down\"}}"),
                exchange -> {
                    OutputStream out = Wire.startEvents(exchange);
                    Wire.writeSplit(out, Wire.content("ok"));
                    Wire.writeSplit(out, Wire.DONE);
                });
             HttpChatModel model = TestModels.openAiCompatible(server)) {
            ChatResult result = model.stream(HELLO, new RecordingHandler()).await();

            assertEquals("ok", result.text());
            assertEquals(2, server.requestCount());
        }
    }

    @Test
    void serverErrorsAreRetriedAsOftenAsAllowedAndThenReportedWithTheServersMessage() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.respondJson(exchange, 503,
                "<html><body>Service Unavailable</body></html>"));
             HttpChatModel model = TestModels.openAiCompatible(server, "max-retries", "2")) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertEquals(503, failure.status().orElseThrow());
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains("HTTP 503: <html><body>Service Unavailable</body></html>"),
                    failure.getMessage());
            assertEquals(3, server.requestCount());
        }
    }

    @Test
    void aStreamCutShortBeforeAnyDeltaIsRetried() throws Exception {
        try (LoopbackServer server = new LoopbackServer(
                exchange -> Wire.writeSplit(Wire.startEvents(exchange), ": keep-alive\n\n"),
                exchange -> {
                    OutputStream out = Wire.startEvents(exchange);
                    Wire.writeSplit(out, Wire.content("second try"));
                    Wire.writeSplit(out, Wire.DONE);
                });
             HttpChatModel model = TestModels.openAiCompatible(server)) {
            assertEquals("second try", model.stream(HELLO, new RecordingHandler()).await().text());
            assertEquals(2, server.requestCount());
        }
    }

    @Test
    void aStreamEndingWithoutDoneAfterADeltaFailsWithoutRetrying() throws Exception {
        try (LoopbackServer server = new LoopbackServer(
                exchange -> Wire.writeSplit(Wire.startEvents(exchange), Wire.content("Hal")));
             HttpChatModel model = TestModels.openAiCompatible(server)) {
            RecordingHandler handler = new RecordingHandler();
            RemoteServiceException failure = failureOf(model.stream(HELLO, handler));

            assertTrue(failure.getMessage().contains("the stream ended before 'data: [DONE]' after 1 deltas"),
                    failure.getMessage());
            assertEquals(1, server.requestCount());
            assertEquals("Hal", handler.text());
        }
    }

    @Test
    void aPlainJsonAnswerToAStreamingRequestIsReportedWithItsContentType() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.respondJson(exchange, 200,
                "{\"choices\":[{\"message\":{\"content\":\"Hi\"}}]}"));
             HttpChatModel model = TestModels.openAiCompatible(server, "max-retries", "0")) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains("(the response was application/json, not text/event-stream)"),
                    failure.getMessage());
        }
    }

    @Test
    void aMalformedChunkFailsWithAnExcerptOfIt() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.content("Hello"));
            Wire.writeSplit(out, "data: {\"choices\":[{\"delta\":{\"content\":\"oops\"}\n\n");
            Wire.writeSplit(out, Wire.content("never delivered"));
            Wire.writeSplit(out, Wire.DONE);
        }); HttpChatModel model = TestModels.openAiCompatible(server)) {
            RecordingHandler handler = new RecordingHandler();
            RemoteServiceException failure = failureOf(model.stream(HELLO, handler));

            assertTrue(failure.getMessage().contains("malformed JSON in the stream"), failure.getMessage());
            assertTrue(failure.getMessage().contains("the chunk began '{\"choices\":[{\"delta\":{\"content\":\"oops\"}"),
                    failure.getMessage());
            assertFalse(failure.retryable());
            assertEquals("Hello", handler.text());
        }
    }

    @Test
    void anErrorObjectInTheStreamEndsTheCallWithItsMessage() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.content("Hel"));
            Wire.writeSplit(out, "data: {\"error\":{\"message\":\"upstream overloaded\",\"code\":\"overloaded\"}}\n\n");
        }); HttpChatModel model = TestModels.openAiCompatible(server)) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains(
                    "the server reported an error in the stream: upstream overloaded [overloaded]"), failure.getMessage());
        }
    }

    @Test
    void aServerThatIsNotListeningFailsAfterTheRetriesSayingItCouldNotConnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port + "/v1";
        try (HttpChatModel model = new OpenAiCompatibleChatModelProvider().create(java.util.Map.of("base-url", base,
                "model", "m", "max-retries", "1", "retry-backoff", "1ms"), name -> null)) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertEquals(URI.create(base + "/chat/completions"), failure.endpoint());
            assertTrue(failure.getMessage().contains("could not connect"), failure.getMessage());
            assertTrue(failure.retryable());
        }
    }

    @Test
    void aHandlerThatThrowsEndsTheCallWithItsOwnException() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.content("one") + Wire.content("two") + Wire.DONE);
        }); HttpChatModel model = TestModels.openAiCompatible(server)) {
            IllegalStateException bug = new IllegalStateException("the consumer broke");
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public void onDelta(String text) throws InterruptedException {
                    super.onDelta(text);
                    throw bug;
                }
            };
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> model.stream(HELLO, handler).result().toCompletableFuture().get());

            assertEquals(bug, e.getCause());
            assertEquals(java.util.List.of("one"), handler.deltas);
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void anErrorOnTheReaderThreadEndsTheCallWithAnExceptionAndTheModelServesTheNextCall() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.content("one") + Wire.content("two") + Wire.DONE);
        }); HttpChatModel model = TestModels.openAiCompatible(server)) {
            OutOfMemoryError error = new OutOfMemoryError("simulated: Java heap space");
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public void onDelta(String text) throws InterruptedException {
                    super.onDelta(text);
                    throw error;
                }
            };
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> model.stream(HELLO, handler).result().toCompletableFuture().get());

            VideoChatException failure = assertInstanceOf(VideoChatException.class, e.getCause());
            assertEquals(Stage.LLM, failure.stage());
            assertEquals("[LLM/openai-compatible] the thread streaming the answer failed with "
                    + "java.lang.OutOfMemoryError: simulated: Java heap space; the answer is lost", failure.getMessage());
            assertEquals(error, failure.getCause());
            assertEquals(1, server.requestCount(), "an Error is not retried");
            assertEquals("onetwo", model.stream(HELLO, new RecordingHandler()).await().text());
        }
    }

    @Test
    void anErrorFromTheReasoningHandlerOfAnOllamaStreamEndsTheCallToo() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startStream(exchange, "application/x-ndjson");
            Wire.writeSplit(out, "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hmm\"},"
                    + "\"done\":false}\n" + Wire.ollamaLine("Hi") + Wire.ollamaDone(1));
        }); HttpChatModel model = TestModels.ollama(server)) {
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public void onReasoningDelta(String text) {
                    throw new StackOverflowError();
                }
            };
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> model.stream(HELLO, handler).result().toCompletableFuture().get());

            assertInstanceOf(StackOverflowError.class, e.getCause().getCause());
            assertTrue(handler.deltas.isEmpty());
        }
    }

    @Test
    void aServerWhoseAcceptQueueIsFullFailsWithAConnectTimeout() throws Exception {
        // A listening socket that never accepts, its backlog filled: the kernel drops further handshakes, so the
        // client's connect hangs until its own timeout, as with a firewalled or overloaded host.
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket filler = new java.net.Socket();
                    try {
                        filler.connect(socket.getLocalSocketAddress(), 200);
                        fillers.add(filler);
                    } catch (java.io.IOException queueFull) {
                        filler.close();
                        break;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(fillers.size() < 8,
                        "skipped: this system's loopback never stops accepting handshakes");
                String base = "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
                try (HttpChatModel model = new OpenAiCompatibleChatModelProvider().create(java.util.Map.of(
                        "base-url", base, "model", "m", "connect-timeout", "300ms", "max-retries", "0"),
                        name -> null)) {
                    RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));
                    assertTrue(failure.getMessage().contains("could not connect within 300 ms (setting "
                            + "connect-timeout)"), failure.getMessage());
                    assertTrue(failure.retryable());
                }
            } finally {
                for (java.net.Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void aConnectTimeoutNamesTheSettingAndMayBeRetried() throws Exception {
        try (HttpChatModel model = new OllamaChatModelProvider().create(java.util.Map.of("connect-timeout", "2s"),
                name -> null)) {
            RemoteServiceException failure = Failures.send(model.endpoint(),
                    new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"));

            assertEquals("[LLM/ollama] could not connect within 2000 ms (setting connect-timeout); is the server up "
                    + "and the base-url right? (http://127.0.0.1:11434/api/chat)", failure.getMessage());
            assertTrue(failure.retryable());
        }
    }
}
