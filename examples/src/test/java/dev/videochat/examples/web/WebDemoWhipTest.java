package dev.videochat.examples.web;

import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WHIP endpoint as the demo mounts it ({@code /api/webrtc/<sid>}), over real HTTP on loopback: which tab an
 * offer reaches, what is refused, and a real answer to an offer a browser would send. Skips the tests that need
 * libwebrtc where its natives do not load.
 */
class WebDemoWhipTest {

    /**
     * An offer as Chromium writes one for the page (video received, audio sent and received), with a host
     * candidate on 192.0.2.9 (TEST-NET-1, nothing answers there: the connection is never made, only negotiated).
     */
    static final String BROWSER_OFFER = String.join("\r\n",
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1",
            "a=msid-semantic: WMS page",
            "m=video 9 UDP/TLS/RTP/SAVPF 96",
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=candidate:1 1 udp 2122260223 192.0.2.9 50000 typ host generation 0",
            "a=ice-ufrag:abcd",
            "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 "
                    + "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
            "a=setup:actpass",
            "a=mid:0",
            "a=recvonly",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:96 nack",
            "a=rtcp-fb:96 nack pli",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:abcd",
            "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 "
                    + "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
            "a=setup:actpass",
            "a=mid:1",
            "a=sendrecv",
            "a=msid:page mic",
            "a=rtcp-mux",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=ssrc:1001 cname:page",
            "a=ssrc:1001 msid:page mic") + "\r\n";

    private final HttpClient http = HttpClient.newHttpClient();
    private VideoChatEngine engine;
    private WebDemo demo;

    private void start(boolean webRtc) throws IOException {
        StageLog log = new StageLog();
        SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
        SimulatedTalkingHead thg = new SimulatedTalkingHead(16, 25, Duration.ZERO, log);
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg).muxer(new FakeFmp4Muxer()).build();
        demo = WebDemo.builder(new DemoEngines(engine, thg.avatars(), tts.voices(), false, false)).port(0)
                .webRtc(webRtc).start();
    }

    private void startWithWebRtc() throws IOException {
        start(true);
        Assumptions.assumeTrue(demo.webRtc(), "skipped: libwebrtc does not load here (see the log)");
    }

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aSessionNamesItsWhipEndpoint() throws Exception {
        startWithWebRtc();
        HttpResponse<String> session = new DemoClient(demo.uri()).post("/api/session", new byte[0], "text/plain");
        String sid = session.body().replaceAll("(?s).*\"sid\":\"([0-9a-f]+)\".*", "$1");
        assertTrue(session.body().contains("\"webrtc\":\"/api/webrtc/" + sid + "\""), session.body());
        assertTrue(session.body().contains("\"listening\":false"), "no detector, no listening: " + session.body());
    }

    @Test
    void anOfferForAnUnknownTabIsNotFound() throws Exception {
        startWithWebRtc();
        HttpResponse<String> r = offer("/api/webrtc/0123456789abcdef0123456789abcdef", BROWSER_OFFER, null);
        assertEquals(404, r.statusCode(), r.body());
    }

    @Test
    void anOfferThatIsNotSdpIsRefusedForAKnownTab() throws Exception {
        startWithWebRtc();
        String sid = new DemoClient(demo.uri()).openSession();
        assertEquals(400, offer("/api/webrtc/" + sid, "hello", null).statusCode(),
                "the tab is found, the offer is bad");
    }

    @Test
    void anOfferFromAnotherSiteIsRefused() throws Exception {
        startWithWebRtc();
        String sid = new DemoClient(demo.uri()).openSession();
        assertEquals(403, offer("/api/webrtc/" + sid, BROWSER_OFFER, "http://evil.example").statusCode());
    }

    @Test
    void aBrowsersOfferIsAnsweredWithCandidatesAndAPeerLocation() throws Exception {
        startWithWebRtc();
        String sid = new DemoClient(demo.uri()).openSession();
        HttpResponse<String> answer = offer("/api/webrtc/" + sid, BROWSER_OFFER, null);
        assertEquals(201, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("m=video") && answer.body().contains("m=audio"), answer.body());
        assertTrue(answer.body().contains("a=candidate:"), "non-trickle: the answer carries candidates");
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/api/webrtc/" + sid + "/"), location);
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(demo.uri().resolve(location)).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, deleted.statusCode());
    }

    @Test
    void withoutWebRtcTheSessionOffersNoneAndThePathIsUnknown() throws Exception {
        start(false);
        HttpResponse<String> session = new DemoClient(demo.uri()).post("/api/session", new byte[0], "text/plain");
        assertTrue(session.body().contains("\"webrtc\":null"), session.body());
        String sid = session.body().replaceAll("(?s).*\"sid\":\"([0-9a-f]+)\".*", "$1");
        assertEquals(404, offer("/api/webrtc/" + sid, BROWSER_OFFER, null).statusCode());
    }

    private HttpResponse<String> offer(String path, String sdp, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(demo.uri().resolve(URI.create(path)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(sdp, StandardCharsets.UTF_8));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
