package dev.videochat.llm;

import com.sun.net.httpserver.HttpServer;
import dev.videochat.api.Stage;
import dev.videochat.api.StageTimeoutException;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.provider.Providers;
import dev.videochat.core.testing.SimulatedMuxer;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A turn whose language model stalls on the wire ends at the stage's idle deadline, naming the LLM stage. */
@Timeout(60)
class StalledServerTurnTest {

    private static final Duration IDLE = Duration.ofMillis(400);

    private static StageTimeoutException timeoutOf(TurnEvent end) {
        TurnEvent.Failed failed = assertInstanceOf(TurnEvent.Failed.class, end);
        return assertInstanceOf(StageTimeoutException.class, failed.error(), failed.error().getMessage());
    }

    @Test
    void aLanguageModelSendingOnlyKeepAlivesFailsTheTurnAtTheIdleDeadline() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        CountDownLatch keepAlives = new CountDownLatch(5);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    keepAlives.countDown();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                exchange.close();
            }
        });
        server.start();
        try (Stages f = new Stages(Providers.chatModel("openai-compatible", Map.of(
                "base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "model", "m")))) {
            Session session = f.open(SessionOptions.builder().stageIdleTimeout(Duration.ofSeconds(1)));
            StageTimeoutException e = timeoutOf(session.say("hello?").await());
            assertTrue(keepAlives.await(0, TimeUnit.SECONDS), "the server sent keep-alives all along");
            assertEquals(Stage.LLM, e.stage());
            assertEquals("openai-compatible", e.provider());
            assertTrue(e.getMessage().contains("no text from the language model for 1 s"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aLanguageModelThatNeverAnswersFailsTheTurnAtTheIdleDeadline() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (Stages f = new Stages(Providers.chatModel("openai-compatible", Map.of(
                    "base-url", "http://127.0.0.1:" + silent.getLocalPort() + "/v1", "model", "m")))) {
                Session session = f.open(SessionOptions.builder().stageIdleTimeout(IDLE));
                StageTimeoutException e = timeoutOf(session.say("anyone there?").await());
                assertEquals(Stage.LLM, e.stage());
                assertEquals(StageTimeoutException.Kind.STAGE_IDLE, e.kind());
                assertTrue(accepted.size() >= 1, "the request reached the silent server");
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /** The simulated TTS, talking head and muxer behind a real chat client. */
    private static final class Stages implements AutoCloseable {
        private final StageLog log = new StageLog();
        private final VideoChatEngine engine;

        Stages(ChatModel llm) {
            engine = VideoChatEngine.builder().chatModel(llm)
                    .synthesizer(new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log))
                    .talkingHead(new SimulatedTalkingHead(16, 25, Duration.ZERO, log))
                    .muxer(new SimulatedMuxer(log)).build();
        }

        Session open(SessionOptions.Builder options) {
            return engine.openSession(options.build());
        }

        @Override
        public void close() {
            engine.close();
        }
    }
}
