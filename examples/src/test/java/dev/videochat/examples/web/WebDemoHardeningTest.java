package dev.videochat.examples.web;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo against the attacks of issue 13, over loopback: avatar paths, forged Host and foreign Origin, stalled
 * bodies and headers, and many connections at once. Raw sockets send what the JDK's client will not.
 */
class WebDemoHardeningTest {

    private final StageLog log = new StageLog();
    private final PathReadingTalkingHead thg = new PathReadingTalkingHead(new SimulatedTalkingHead(16, 25,
            Duration.ZERO, log));
    private VideoChatEngine engine;
    private WebDemo demo;
    private DemoClient client;

    private void start(UnaryOperator<WebDemo.Builder> settings) throws IOException {
        SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg).muxer(new FakeFmp4Muxer()).build();
        DemoEngines engines = new DemoEngines(engine, thg.avatars(), tts.voices(), false, false);
        demo = settings.apply(WebDemo.builder(engines).port(0)).start();
        client = new DemoClient(demo.uri());
    }

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.close();
            engine.close();
        }
    }

    @Test
    void anAvatarPathIsRefusedWithoutBeingOpened() throws Exception {
        start(b -> b);
        String sid = client.openSession();
        for (String path : new String[] {"/etc/passwd", "/proc/self/environ", "../../../../etc/passwd"}) {
            HttpResponse<String> r = client.post("/api/options?sid=" + sid + "&avatar=" + path, new byte[0],
                    "text/plain");
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("unknown avatar") && r.body().contains("grey"), r.body());
            assertFalse(r.body().contains("root:") || r.body().contains("PATH="), r.body());
        }
        assertEquals(List.of("grey"), thg.loaded.stream().distinct().toList(), "only listed names reach the engine");
        assertEquals(200, client.post("/api/options?sid=" + sid + "&avatar=grey", new byte[0], "text/plain")
                .statusCode());
    }

    @Test
    void anEngineErrorReachesTheLogButNotThePage() throws Exception {
        thg.failWith = "cannot parse root:x:0:0:root:/root:/bin/bash";
        start(b -> b);
        HttpResponse<String> r = client.post("/api/session", new byte[0], "text/plain");
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("the server's log says why"), r.body());
        assertFalse(r.body().contains("root:") || r.body().contains("at dev.videochat"), r.body());
    }

    @Test
    void aForgedHostIsRefused() throws Exception {
        start(b -> b);
        int port = demo.port();
        for (String host : new String[] {"evil.example:" + port, "evil.example", "127.0.0.1:" + (port + 1),
                "127.0.0.1", "localhost.evil.example:" + port, "127.0.0.1:" + port + "@evil.example"}) {
            String answer = client.raw("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 403"), host + " -> " + firstLine(answer));
            assertFalse(answer.contains("<video"), host + " got the page");
        }
        String noHost = client.raw("POST /api/session HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
        assertTrue(noHost.startsWith("HTTP/1.1 403"), firstLine(noHost));
        assertEquals(0, demo.openSessions());
    }

    @Test
    void theServersOwnNamesAreAccepted() throws Exception {
        start(b -> b);
        int port = demo.port();
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port}) {
            String answer = client.raw("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200"), host + " -> " + firstLine(answer));
        }
    }

    @Test
    void aForeignOriginIsRefused() throws Exception {
        start(b -> b);
        for (String origin : new String[] {"http://evil.example", "null", "http://127.0.0.1:" + (demo.port() + 1),
                "https://127.0.0.1:" + demo.port()}) {
            HttpResponse<String> r = postSession(origin);
            assertEquals(403, r.statusCode(), origin + ": " + r.body());
            assertTrue(r.body().contains("--allow-origin"), r.body());
        }
        assertEquals(0, demo.openSessions());
        assertEquals(200, postSession("http://127.0.0.1:" + demo.port()).statusCode(), "its own page");
    }

    @Test
    void anAllowedOriginIsLetInWithCorsHeaders() throws Exception {
        start(b -> b.allowOrigin("http://evil.example"));
        HttpResponse<String> r = postSession("http://evil.example");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("http://evil.example", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals(403, postSession("http://other.example").statusCode());
    }

    @Test
    void anAllowedOriginsNameIsAcceptedAsHost() throws Exception {
        start(b -> b.allowOrigin("http://demo.lan:8080"));
        String answer = client.raw("GET / HTTP/1.1\r\nHost: demo.lan:8080\r\nOrigin: http://demo.lan:8080\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), firstLine(answer));
    }

    @Test
    void aStalledChunkedBodyIsCutOffWith408AndTheServerStillAnswers() throws Exception {
        start(b -> b.readTimeout(Duration.ofMillis(300)));
        String sid = client.openSession();
        try (Socket stalled = client.send("POST /api/say?sid=" + sid + " HTTP/1.1\r\nHost: " + client.hostAndPort()
                + "\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n5\r\nhello\r\n")) {
            // Never sends the last chunk: the server answers and closes, or this read times out and fails.
            String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 408"), firstLine(answer));
        }
        assertEquals(200, client.get("/").statusCode());
        assertEquals(202, client.post("/api/say?sid=" + sid, "still here".getBytes(StandardCharsets.UTF_8),
                "text/plain").statusCode());
    }

    @Test
    void aBodyShorterThanItsLengthIsCutOff() throws Exception {
        start(b -> b.readTimeout(Duration.ofMillis(300)));
        try (Socket stalled = client.send("POST /api/stop?sid=x HTTP/1.1\r\nHost: " + client.hostAndPort()
                + "\r\nContent-Length: 100\r\n\r\nonly this")) {
            String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 408"), firstLine(answer));
        }
        assertEquals(200, client.get("/").statusCode());
    }

    @Test
    void manyStalledConnectionsDoNotGrowTheHandlerThreadsBeyondThePool() throws Exception {
        start(b -> b.maxSessions(1).readTimeout(Duration.ofMillis(300)));
        int pool = demo.handlerThreads();
        String prefix = "videochat-web-" + demo.port() + "-handler-";
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < pool * 4; i++) {
                // Headers that never end: each one is read on a handler thread until the read timeout.
                stalled.add(client.send("GET / HTTP/1.1\r\nHost: " + client.hostAndPort() + "\r\nX-Slow: "));
            }
            awaitThreads(prefix, pool);
            assertEquals(200, client.get("/").statusCode(), "answered once the stalled ones were cut off");
            assertTrue(handlerThreads(prefix) <= pool, handlerThreads(prefix) + " threads for a pool of " + pool);
            for (Socket socket : stalled) {
                assertEquals(-1, socket.getInputStream().read(), "a stalled request's connection is closed");
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        assertTrue(handlerThreads(prefix) <= pool);
    }

    private HttpResponse<String> postSession(String origin) throws IOException, InterruptedException {
        return client.http.send(HttpRequest.newBuilder(client.base.resolve("/api/session"))
                .timeout(Duration.ofSeconds(30)).header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String firstLine(String answer) {
        int end = answer.indexOf('\r');
        return end < 0 ? answer : answer.substring(0, end);
    }

    private static long handlerThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    /** Waits until {@code count} handler threads exist (all of the pool is busy), failing after 30 s. */
    private static void awaitThreads(String prefix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (handlerThreads(prefix) < count) {
            assertTrue(System.nanoTime() < deadline, "the pool never filled: " + handlerThreads(prefix));
            TimeUnit.MILLISECONDS.sleep(10); // polling interval, not synchronization: the deadline decides
        }
    }

    /**
     * A talking head that, like the file-based engines, takes a path as a reference and quotes what it read when
     * the file is not an avatar: the leak the demo must never let a client trigger. It records each reference it
     * was asked to load.
     */
    static final class PathReadingTalkingHead implements TalkingHead {
        private final SimulatedTalkingHead named;
        final List<String> loaded = new CopyOnWriteArrayList<>();
        volatile String failWith;

        PathReadingTalkingHead(SimulatedTalkingHead named) {
            this.named = named;
        }

        @Override
        public String name() {
            return "path-reading";
        }

        @Override
        public List<String> avatars() {
            return named.avatars();
        }

        @Override
        public Avatar loadAvatar(String reference) {
            loaded.add(reference);
            if (failWith != null) {
                throw new ConfigurationException(Stage.THG, name(), failWith);
            }
            if (named.avatars().contains(reference)) {
                return named.loadAvatar(reference);
            }
            try (InputStream in = Files.newInputStream(Path.of(URI.create("file:///").resolve(reference)))) {
                String first = new String(in.readNBytes(64), StandardCharsets.UTF_8).split("\\s")[0];
                throw new ConfigurationException(Stage.THG, name(), "not an avatar, it starts with '" + first + "'");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public AvatarAnimator animate(Avatar avatar) {
            return named.animate(avatar);
        }
    }
}
