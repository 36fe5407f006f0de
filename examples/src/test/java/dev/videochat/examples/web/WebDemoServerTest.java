package dev.videochat.examples.web;

import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo server over real HTTP on loopback, with simulated voice and avatar and a fragment-shaped muxer. */
class WebDemoServerTest {

    private final StageLog log = new StageLog();
    private VideoChatEngine engine;
    private WebDemo demo;
    private DemoClient client;

    @BeforeEach
    void start() throws IOException {
        start(Duration.ofMinutes(5));
    }

    private void start(Duration sessionTimeout) throws IOException {
        SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
        SimulatedTalkingHead thg = new SimulatedTalkingHead(16, 25, Duration.ZERO, log);
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg).muxer(new FakeFmp4Muxer()).build();
        DemoEngines engines = new DemoEngines(engine, thg.avatars(), tts.voices(), false, false);
        demo = WebDemo.builder(engines).port(0).sessionTimeout(sessionTimeout).heartbeat(Duration.ofMillis(200))
                .start();
        client = new DemoClient(demo.uri());
    }

    @AfterEach
    void stop() {
        demo.close();
        engine.close();
    }

    @Test
    void servesThePageOnLoopbackByDefault() throws Exception {
        assertEquals("127.0.0.1", demo.uri().getHost());
        HttpResponse<String> page = client.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<video id=\"video\""), page.body());
        assertEquals(200, client.get("/app.js").statusCode());
    }

    @Test
    void pathTraversalIsRefused() throws Exception {
        for (String path : new String[] {"/../pom.xml", "/%2e%2e/%2e%2e/pom.xml", "/%2E%2E%2Fpom.xml",
                "/web/../../dev/videochat/examples/web/WebDemo.class", "/..%2f..%2fetc%2fpasswd",
                "//etc/passwd", "/.%2e/.%2e/etc/passwd"}) {
            String answer = client.rawGet(path);
            String status = answer.substring(0, answer.indexOf('\n'));
            assertTrue(status.contains(" 403 ") || status.contains(" 404 ") || status.contains(" 400 "),
                    path + " -> " + status);
            assertFalse(answer.contains("root:") || answer.contains("<project"), path + " leaked a file");
        }
        assertTrue(client.rawGet("/%2e%2e/%2e%2e/pom.xml").startsWith("HTTP/1.1 403"));
    }

    @Test
    void aClassFileBesideTheFolderIsNotServed() throws Exception {
        assertEquals(404, client.get("/WebDemo.class").statusCode());
    }

    @Test
    void anOversizeRecordingIsRefusedWith413() throws Exception {
        String sid = client.openSession();
        byte[] eleven = new byte[11 << 20];
        HttpResponse<String> r = client.post("/api/ask?sid=" + sid, eleven, "audio/wav");
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("limit is 10485760 bytes"), r.body());
    }

    @Test
    void anOversizeMessageIsRefusedWith413() throws Exception {
        String sid = client.openSession();
        byte[] text = new byte[100_000];
        Arrays.fill(text, (byte) 'a');
        assertEquals(413, client.post("/api/say?sid=" + sid, text, "text/plain").statusCode());
    }

    @Test
    void aRecordingWithoutASpeechRecognizerGetsAClearMessage() throws Exception {
        String sid = client.openSession();
        HttpResponse<String> r = client.post("/api/ask?sid=" + sid, new byte[32_000], "audio/L16");
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("No speech recognizer is configured"), r.body());
    }

    @Test
    void anUnknownSessionIsNotFound() throws Exception {
        HttpResponse<String> r = client.post("/api/say?sid=nope", "hi".getBytes(StandardCharsets.UTF_8),
                "text/plain");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("reload the page"), r.body());
    }

    @Test
    void typedTextIsSpokenWithoutALanguageModelAndItsVideoStreamsAsFragments() throws Exception {
        String sid = client.openSession();
        HttpResponse<InputStream> events = client.stream("/api/events?sid=" + sid);
        BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        assertTrue(DemoClient.awaitEvent(lines, "session", sid).contains("No language model is configured"));

        HttpResponse<String> said = client.post("/api/say?sid=" + sid,
                "Hello there. This is spoken as typed.".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertEquals(202, said.statusCode(), said.body());
        String done = DemoClient.awaitEvent(lines, "done", "firstPacketLatency");
        assertTrue(done.contains("\"answer\":\"Hello there. This is spoken as typed.\""), done);

        HttpResponse<InputStream> media = client.stream("/api/media?sid=" + sid + "&gen=1");
        assertEquals(200, media.statusCode());
        assertEquals("avc1.42c01e,mp4a.40.2", media.headers().firstValue("X-Codecs").orElseThrow());
        InputStream body = media.body();
        assertEquals(new String(FakeFmp4Muxer.INIT, StandardCharsets.ISO_8859_1),
                new String(body.readNBytes(FakeFmp4Muxer.INIT.length), StandardCharsets.ISO_8859_1));
        assertTrue(new String(body.readNBytes(10), StandardCharsets.US_ASCII).startsWith("fragment 1"));
        events.body().close();
        body.close();
    }

    @Test
    void theSessionIsLiveSoItsStreamCarriesIdleFragmentsBeforeAnyTurn() throws Exception {
        String sid = client.openSession();
        HttpResponse<InputStream> media = client.stream("/api/media?sid=" + sid + "&gen=1");
        assertEquals(200, media.statusCode());
        try (InputStream body = media.body()) {
            body.readNBytes(FakeFmp4Muxer.INIT.length);
            // Nothing was said: the first fragment holds the avatar's idle frames.
            String fragment = new String(body.readNBytes(40), StandardCharsets.US_ASCII);
            assertTrue(fragment.startsWith("fragment 1 ") && !fragment.contains(" frames=0;"), fragment);
        }
    }

    @Test
    void aFinishedTurnCarriesAWaterfallRowPerPacketWithinItsReadyTime() throws Exception {
        String sid = client.openSession();
        HttpResponse<InputStream> events = client.stream("/api/events?sid=" + sid);
        BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        DemoClient.awaitEvent(lines, "session", sid);
        client.post("/api/say?sid=" + sid, "One sentence here. Another one there. And a third to end."
                .getBytes(StandardCharsets.UTF_8), "text/plain");
        String done = DemoClient.awaitEvent(lines, "done", "waterfall");
        events.body().close();

        int packets = count(done, "\"cost\":");
        Matcher row = Pattern.compile("\\{\"index\":(\\d+),\"llm\":\\[([-\\d.]+),([-\\d.]+)],"
                + "\"tts\":\\[([-\\d.]+),([-\\d.]+)],\"thg\":\\[([-\\d.]+),([-\\d.]+)],"
                + "\"mux\":\\[([-\\d.]+),([-\\d.]+)],\"ready\":([-\\d.]+)}").matcher(done);
        int rows = 0;
        while (row.find()) {
            assertEquals(rows, Integer.parseInt(row.group(1)), done);
            double ready = Double.parseDouble(row.group(10));
            for (int bar = 2; bar <= 8; bar += 2) {
                double from = Double.parseDouble(row.group(bar));
                double to = Double.parseDouble(row.group(bar + 1));
                assertTrue(0 <= from && from <= to && to <= ready, "bar " + from + ".." + to + " beyond "
                        + ready + " in " + row.group());
            }
            assertEquals(ready, Double.parseDouble(row.group(9)), 1e-9, "mux ends when the packet is ready");
            rows++;
        }
        assertTrue(packets >= 2, done);
        assertEquals(packets, rows, done);
    }

    @Test
    void stopCancelsTheAnswerWhileItIsStillBeingSpoken() throws Exception {
        String sid = client.openSession();
        HttpResponse<InputStream> events = client.stream("/api/events?sid=" + sid);
        BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        DemoClient.awaitEvent(lines, "session", sid);
        // 20 ms of speech per character: a minute of answer, paced to the wall clock by the live session.
        String turn = turnOf(client.post("/api/say?sid=" + sid, LONG_TEXT, "text/plain"));
        DemoClient.awaitEvent(lines, "segment", turn);
        assertEquals(202, client.post("/api/stop?sid=" + sid, new byte[0], "text/plain").statusCode());
        String cancelled = DemoClient.awaitEvent(lines, "cancelled", turn);
        assertTrue(cancelled.contains("\"waterfall\":["), cancelled);
        events.body().close();
    }

    @Test
    void aNewQuestionCancelsTheAnswerBeingGivenAndIsAnswered() throws Exception {
        String sid = client.openSession();
        HttpResponse<InputStream> events = client.stream("/api/events?sid=" + sid);
        BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        DemoClient.awaitEvent(lines, "session", sid);
        String first = turnOf(client.post("/api/say?sid=" + sid, LONG_TEXT, "text/plain"));
        DemoClient.awaitEvent(lines, "segment", first);
        String second = turnOf(client.post("/api/say?sid=" + sid, "Short.".getBytes(StandardCharsets.UTF_8),
                "text/plain"));
        assertNotEquals(first, second);
        DemoClient.awaitEvent(lines, "cancelled", first);
        DemoClient.awaitEvent(lines, "done", second);
        events.body().close();
    }

    @Test
    void aLiveStreamNobodyReadsKeepsItsNewestFragments() throws Exception {
        MediaChannel channel = new MediaChannel(1);
        channel.offer(new MediaSegment(0, ContainerFormat.FMP4_INIT, Duration.ZERO, Duration.ZERO, new byte[] {'I'},
                Optional.empty()));
        int offered = MediaChannel.CAPACITY + 3;
        for (int i = 1; i <= offered; i++) {
            channel.offer(new MediaSegment(i, ContainerFormat.FMP4_FRAGMENT, Duration.ZERO, Duration.ZERO,
                    ("<" + i + ">").getBytes(StandardCharsets.US_ASCII), Optional.empty()));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                channel.stream(out);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        String last = "<" + offered + ">";
        awaitTrue(() -> out.toString(StandardCharsets.US_ASCII).endsWith(last), Duration.ofSeconds(20));
        channel.close();
        reader.join();
        assertTrue(out.toString(StandardCharsets.US_ASCII).startsWith("I<4><5>"),
                "the three oldest fragments were dropped for the newest");
    }

    @Test
    void eachTabIsASessionOfItsOwn() throws Exception {
        String first = client.openSession();
        String second = client.openSession();
        assertNotEquals(first, second);
        assertEquals(2, demo.openSessions());
        assertEquals(204, client.post("/api/close?sid=" + first, new byte[0], "text/plain").statusCode());
        assertEquals(1, demo.openSessions());
        assertEquals(202, client.post("/api/stop?sid=" + second, new byte[0], "text/plain").statusCode());
    }

    @Test
    void changingTheVoiceToAnUnknownOneListsTheKnownOnes() throws Exception {
        String sid = client.openSession();
        HttpResponse<String> r = client.post("/api/options?sid=" + sid + "&voice=nobody", new byte[0], "text/plain");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("unknown voice 'nobody'") && r.body().contains("tone"), r.body());
    }

    @Test
    void theSessionOfAGoneTabIsClosedAfterTheTimeout() throws Exception {
        stop();
        start(Duration.ofMillis(300));
        client.openSession();
        assertEquals(1, demo.openSessions());
        awaitTrue(() -> demo.openSessions() == 0, Duration.ofSeconds(20));
    }

    @Test
    void stoppingTheServerEndsTheStreams() throws Exception {
        String sid = client.openSession();
        HttpResponse<InputStream> events = client.stream("/api/events?sid=" + sid);
        BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        DemoClient.awaitEvent(lines, "session", sid);
        demo.close();
        assertEquals(0, demo.openSessions());
        try {
            while (lines.readLine() != null) {
                // drain what was sent before the end
            }
        } catch (IOException e) {
            // an abrupt end is an end too
        }
    }

    private static final byte[] LONG_TEXT = "A sentence that goes on for a while, to be cut off. ".repeat(60)
            .getBytes(StandardCharsets.UTF_8);

    private static String turnOf(HttpResponse<String> said) {
        assertEquals(202, said.statusCode(), said.body());
        Matcher m = Pattern.compile("\"turn\":\"([^\"]+)\"").matcher(said.body());
        assertTrue(m.find(), said.body());
        return m.group(1);
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    private static void awaitTrue(BooleanSupplier condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + max);
            TimeUnit.MILLISECONDS.sleep(20); // polling interval, not synchronization: the deadline decides
        }
    }
}
