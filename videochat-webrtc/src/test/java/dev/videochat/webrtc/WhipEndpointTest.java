package dev.videochat.webrtc;

import com.sun.net.httpserver.HttpServer;
import dev.videochat.api.media.RawMediaSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WHIP endpoint on a real HTTP server on loopback, spoken to with the JDK's HTTP client. */
class WhipEndpointTest {

    private WebRtcTransport transport;
    private HttpServer server;
    private WhipEndpoint endpoint;
    private final ForwardingMediaSink sessionSink = new ForwardingMediaSink();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<BrowserPeer> browsers = new ArrayList<>();
    private URI base;

    @BeforeEach
    void start() throws Exception {
        transport = TestWebRtc.transport();
        WhipEndpoint.Target target = new WhipEndpoint.Target(sessionSink, PeerOptions.defaults());
        Map<String, WhipEndpoint.Target> sessions = Map.of("s1", target);
        endpoint = new WhipEndpoint(transport, id -> Optional.ofNullable(sessions.get(id)));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/whip", endpoint);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        if (endpoint != null) {
            endpoint.close();
        }
        for (BrowserPeer b : browsers) {
            b.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private String offer() throws Exception {
        BrowserPeer b = new BrowserPeer(320, 240);
        browsers.add(b);
        return b.offer();
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void postingAnOfferAnswersCreatedWithTheAnswerAndALocation() throws Exception {
        HttpResponse<String> r = post("/whip/s1", "application/sdp", offer());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("application/sdp", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().startsWith("v=0") && r.body().contains("a=candidate:"), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        WebRtcPeer peer = endpoint.peer("s1").orElseThrow();
        assertEquals("/whip/s1/" + peer.id(), location);
        assertSame(peer, sessionSink.attached().orElseThrow(), "the session's media goes to the new peer");
    }

    @Test
    void aSecondOfferForTheSameSessionReplacesAndClosesTheFirstPeer() throws Exception {
        assertEquals(201, post("/whip/s1", "application/sdp", offer()).statusCode());
        WebRtcPeer first = endpoint.peer("s1").orElseThrow();
        assertEquals(201, post("/whip/s1", "application/sdp", offer()).statusCode());
        WebRtcPeer second = endpoint.peer("s1").orElseThrow();
        assertFalse(first.isOpen(), "the first peer is closed");
        assertTrue(second.isOpen());
        RawMediaSink attached = sessionSink.attached().orElseThrow();
        assertSame(second, attached);
        assertEquals(1, transport.openPeers());
    }

    @Test
    void deletingTheLocationClosesThePeer() throws Exception {
        HttpResponse<String> r = post("/whip/s1", "application/sdp", offer());
        WebRtcPeer peer = endpoint.peer("s1").orElseThrow();
        assertEquals(200, delete(r.headers().firstValue("Location").orElseThrow()).statusCode());
        assertFalse(peer.isOpen());
        assertTrue(endpoint.peer("s1").isEmpty());
        assertTrue(sessionSink.attached().isEmpty(), "the session's sink forwards nowhere");
        assertEquals(404, delete("/whip/s1/" + peer.id()).statusCode(), "a second DELETE finds nothing");
    }

    @Test
    void anUnknownSessionIsNotFound() throws Exception {
        HttpResponse<String> r = post("/whip/nobody", "application/sdp", offer());
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("no session 'nobody'"), r.body());
        assertEquals(0, transport.openPeers());
    }

    @Test
    void anOfferInAnotherContentTypeIsUnsupported() throws Exception {
        HttpResponse<String> r = post("/whip/s1", "application/json", "{\"sdp\":\"v=0\"}");
        assertEquals(415, r.statusCode());
        assertTrue(r.body().contains("application/sdp"), r.body());
    }

    @Test
    void aBadOfferIsABadRequestWithTheReason() throws Exception {
        HttpResponse<String> r = post("/whip/s1", "application/sdp; charset=utf-8", "hello");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("v=0"), r.body());
    }

    @Test
    void anOversizedOfferIsTooLarge() throws Exception {
        HttpResponse<String> r = post("/whip/s1", "application/sdp",
                "v=0\r\n" + "a=x:" + "x".repeat(WebRtcTransport.DEFAULT_MAX_OFFER_BYTES));
        assertEquals(413, r.statusCode());
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/whip/s1")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(""));
    }
}
