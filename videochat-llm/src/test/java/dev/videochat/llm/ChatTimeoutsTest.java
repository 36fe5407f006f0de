package dev.videochat.llm;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.llm.testing.LoopbackServer;
import dev.videochat.llm.testing.RecordingHandler;
import dev.videochat.llm.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.videochat.llm.ChatFailuresTest.failureOf;
import static dev.videochat.llm.OpenAiStreamingTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every wait of a chat call is bounded: for the response headers, for the next content of the stream (keep-alives
 * are no content), and for the first delta over all attempts. The limits are set short here; the assertions are on
 * what failed, the message and how many requests the server saw, never on how long it took.
 */
@Timeout(20)
class ChatTimeoutsTest {

    /** Sends {@code opening}, then {@code keepAlive} every 20 ms until the client goes away or the server closes. */
    private static LoopbackServer.Responder keepingAlive(String contentType, String opening, String keepAlive) {
        return exchange -> {
            OutputStream out = Wire.startStream(exchange, contentType);
            Wire.writeSplit(out, opening);
            byte[] bytes = keepAlive.getBytes(StandardCharsets.UTF_8);
            while (true) { // ends with an IOException (the client closed) or an interrupt (the server closed)
                out.write(bytes);
                out.flush();
                Thread.sleep(20);
            }
        };
    }

    private static LoopbackServer.Responder neverAnswering(CountDownLatch release) {
        return exchange -> release.await(10, TimeUnit.SECONDS);
    }

    @Test
    void aServerSendingOnlyKeepAliveCommentsFailsWithTheReadTimeoutNamingItsLimit() throws Exception {
        try (LoopbackServer server = new LoopbackServer(keepingAlive("text/event-stream", "", ": keep-alive\n\n"));
             HttpChatModel model = TestModels.openAiCompatible(server, "read-timeout", "300ms", "max-retries", "0")) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertEquals("[LLM/openai-compatible] the stream stalled: no content for 300 ms (setting read-timeout) "
                    + "after 0 deltas; the server sent only keep-alives meanwhile (" + server.chatCompletionsUrl()
                    + ")", failure.getMessage());
            assertEquals(200, failure.status().orElseThrow());
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void ollamasBlankLinesAreNoContentEither() throws Exception {
        try (LoopbackServer server = new LoopbackServer(keepingAlive("application/x-ndjson", "", "\n"));
             HttpChatModel model = TestModels.ollama(server, "read-timeout", "300ms", "max-retries", "0")) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().startsWith("[LLM/ollama] the stream stalled: no content for 300 ms "
                    + "(setting read-timeout) after 0 deltas; the server sent only keep-alives meanwhile"),
                    failure.getMessage());
        }
    }

    @Test
    void keepAlivesAfterADeltaDoNotKeepAStalledStreamAliveAndItIsNotRetried() throws Exception {
        try (LoopbackServer server = new LoopbackServer(
                keepingAlive("text/event-stream", Wire.content("Hel"), ": ping\n\n"));
             HttpChatModel model = TestModels.openAiCompatible(server, "read-timeout", "300ms")) {
            RecordingHandler handler = new RecordingHandler();
            RemoteServiceException failure = failureOf(model.stream(HELLO, handler));

            assertTrue(failure.getMessage().contains("the stream stalled: no content for 300 ms (setting "
                    + "read-timeout) after 1 deltas; the server sent only keep-alives meanwhile"), failure.getMessage());
            assertEquals("Hel", handler.text());
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void aStreamThatStallsAfterItsFirstDeltaFailsWithAReadTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            Wire.writeSplit(Wire.startEvents(exchange), Wire.content("Hel"));
            release.await(10, TimeUnit.SECONDS);
        }); HttpChatModel model = TestModels.openAiCompatible(server, "read-timeout", "150ms")) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains("the stream stalled: no content for 150 ms (setting read-timeout) "
                    + "after 1 deltas ("), failure.getMessage());
            assertEquals(1, server.requestCount());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theTimeTheHandlerTakesIsNotCountedAsTheServersSilence() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            OutputStream out = Wire.startEvents(exchange);
            Wire.writeSplit(out, Wire.content("slow") + Wire.content(" consumer") + Wire.DONE);
        }); HttpChatModel model = TestModels.openAiCompatible(server, "read-timeout", "100ms")) {
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public void onDelta(String text) throws InterruptedException {
                    super.onDelta(text);
                    Thread.sleep(300); // a consumer slower than the read timeout: back-pressure, not a stall
                }
            };

            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals("slow consumer", result.text());
        }
    }

    @Test
    void aServerThatAcceptsTheConnectionButNeverSendsHeadersFailsAfterEveryAttemptWithTheHeadersTimeout()
            throws Exception {
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(listener.accept()); // and never a byte back
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            String base = "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
            try (HttpChatModel model = new OpenAiCompatibleChatModelProvider().create(Map.of("base-url", base,
                    "model", "m", "retry-backoff", "1ms", "headers-timeout", "200ms", "max-retries", "2",
                    "first-delta-timeout", "10s"), name -> null)) {
                RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

                assertTrue(failure.getMessage().startsWith("[LLM/openai-compatible] no response headers within 200 ms "
                        + "(setting headers-timeout); is the server overloaded, or still loading the model?; gave up "
                        + "after 3 attempts in "), failure.getMessage());
                assertTrue(failure.status().isEmpty());
                assertTrue(failure.retryable());
                assertEquals(2, failure.getSuppressed().length, "the earlier attempts' failures travel with it");
                for (int i = 0; i < 3; i++) {
                    assertNotNull(accepted.poll(10, TimeUnit.SECONDS), "connection " + (i + 1));
                }
                assertNull(accepted.poll(), "one connection per attempt, and no more after the failure");
            } finally {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void noRetryStartsWhenAWholeHeadersTimeoutNoLongerFitsInTheFirstDeltaTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LoopbackServer server = new LoopbackServer(neverAnswering(release));
             HttpChatModel model = TestModels.openAiCompatible(server, "headers-timeout", "300ms",
                     "max-retries", "5", "first-delta-timeout", "500ms")) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains("no response headers within 300 ms (setting headers-timeout)"),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("; gave up after 1 attempt in "), failure.getMessage());
            assertTrue(failure.getMessage().contains(", too late for another to fit in the first-delta-timeout of "
                    + "500 ms ("), failure.getMessage());
            assertEquals(1, server.requestCount());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theFirstDeltaTimeoutCutsTheWaitOfAStreamThatBringsNoDelta() throws Exception {
        try (LoopbackServer server = new LoopbackServer(keepingAlive("text/event-stream",
                Wire.event("\"role\":\"assistant\",\"content\":\"\"", null), ": keep-alive\n\n"));
             HttpChatModel model = TestModels.openAiCompatible(server, "read-timeout", "10s",
                     "first-delta-timeout", "400ms")) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains("the stream brought no delta before the first-delta-timeout of "
                    + "400 ms ran out; the server sent only keep-alives meanwhile"), failure.getMessage());
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void aFirstDeltaTimeoutShorterThanTheHeadersTimeoutCutsTheWaitForHeaders() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LoopbackServer server = new LoopbackServer(neverAnswering(release));
             HttpChatModel model = TestModels.openAiCompatible(server, "first-delta-timeout", "300ms")) {
            RemoteServiceException failure = failureOf(model.stream(HELLO, new RecordingHandler()));

            assertTrue(failure.getMessage().contains("no response headers before the first-delta-timeout of 300 ms "
                    + "ran out"), failure.getMessage());
            assertEquals(1, server.requestCount());
        } finally {
            release.countDown();
        }
    }

    @Test
    void byDefaultEveryAttemptFitsInAFirstDeltaTimeoutUnderFortySeconds() {
        ChatEndpoint defaults = OpenAiCompatibleChatModel.builder().baseUrl("http://127.0.0.1:1/v1").model("m")
                .environment(name -> null).endpoint();

        assertEquals(Duration.ofSeconds(5), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(10), defaults.headersTimeout());
        assertEquals(Duration.ofSeconds(30), defaults.readTimeout());
        assertEquals(Duration.ofSeconds(35), defaults.firstDeltaTimeout());
        // three attempts that never get headers, with the backoff between them, end before the deadline...
        Duration attempts = defaults.headersTimeout().multipliedBy(defaults.maxRetries() + 1)
                .plus(defaults.retryBackoff()).plus(defaults.retryBackoff().multipliedBy(2));
        assertTrue(attempts.compareTo(defaults.firstDeltaTimeout()) <= 0, attempts.toString());
        // ...and a stream of keep-alives ends by its read timeout, leaving no room for another attempt
        assertTrue(defaults.readTimeout().plus(defaults.headersTimeout()).compareTo(defaults.firstDeltaTimeout()) > 0);
        assertTrue(defaults.firstDeltaTimeout().compareTo(Duration.ofSeconds(40)) < 0);
    }

    @Test
    void aZeroTimeoutIsAConfigurationErrorNamingTheSetting() {
        for (String key : List.of("connect-timeout", "headers-timeout", "read-timeout", "first-delta-timeout")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> new OllamaChatModelProvider().create(Map.of(key, "0s"), name -> null));
            assertTrue(e.getMessage().contains("setting '" + key + "' must be longer than 0"), e.getMessage());
        }
    }
}
