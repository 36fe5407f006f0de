package dev.videochat.webrtc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * WHIP/WHEP-style signalling for {@code com.sun.net.httpserver} (no framework): mount it with
 * {@code server.createContext("/whip", endpoint)}.
 * <ul>
 *   <li>{@code POST /whip/{session}} with {@code Content-Type: application/sdp} and the browser's offer:
 *       {@code 201 Created}, the answer SDP (ICE candidates included) and {@code Location: /whip/{session}/{peer}}.
 *       One peer per session: a second POST for the same session replaces the first, which is closed.</li>
 *   <li>{@code DELETE} on that location closes the peer: {@code 200}.</li>
 *   <li>An unknown session or peer is {@code 404}; another content type {@code 415}; a bad offer {@code 400} with
 *       the reason as text; an offer over the size limit {@code 413}; a closed transport {@code 503}.</li>
 * </ul>
 * Sessions are found through a lookup the application gives: for a session id, the {@link ForwardingMediaSink}
 * the session writes to and the {@link PeerOptions} its peer gets (its microphone consumer). The endpoint
 * attaches each new peer to that sink, detaches and closes it when it fails, and closes them all on
 * {@link #close()}. Thread-safe.
 */
public final class WhipEndpoint implements HttpHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WhipEndpoint.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    /**
     * Where a session's peer belongs.
     *
     * @param sink    the sink the session writes its raw media to
     * @param options the options each peer of the session gets
     */
    public record Target(ForwardingMediaSink sink, PeerOptions options) {
        public Target {
            Objects.requireNonNull(sink, "sink");
            Objects.requireNonNull(options, "options");
        }
    }

    private final WebRtcTransport transport;
    private final Function<String, Optional<Target>> sessions;
    private final int maxOfferBytes;
    private final Map<String, WebRtcPeer> peers = new HashMap<>();
    private final Map<String, Target> targets = new HashMap<>();
    private boolean closed;

    /**
     * @param transport answers the offers
     * @param sessions  finds a session's target by id; empty for an unknown session (answered 404)
     */
    public WhipEndpoint(WebRtcTransport transport, Function<String, Optional<Target>> sessions) {
        this(transport, sessions, WebRtcTransport.DEFAULT_MAX_OFFER_BYTES);
    }

    /** As {@link #WhipEndpoint(WebRtcTransport, Function)} with a request body limit in bytes. */
    public WhipEndpoint(WebRtcTransport transport, Function<String, Optional<Target>> sessions, int maxOfferBytes) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        if (maxOfferBytes < 1) {
            throw new IllegalArgumentException("max offer size must be positive, got " + maxOfferBytes);
        }
        this.maxOfferBytes = maxOfferBytes;
    }

    /** The peer serving a session now, if one is connected or connecting. */
    public synchronized Optional<WebRtcPeer> peer(String sessionId) {
        return Optional.ofNullable(peers.get(sessionId));
    }

    /** Closes the session's peer, if any (call it when the session ends). */
    public void closeSession(String sessionId) {
        WebRtcPeer peer;
        Target target;
        synchronized (this) {
            peer = peers.remove(sessionId);
            target = targets.remove(sessionId);
        }
        release(peer, target);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String[] path = relativePath(exchange);
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            if (path.length == 1 && method.equals("POST")) {
                post(exchange, path[0]);
            } else if (path.length == 2 && method.equals("DELETE")) {
                delete(exchange, path[0], path[1]);
            } else if (path.length == 1 || path.length == 2) {
                exchange.getResponseHeaders().set("Allow", path.length == 1 ? "POST" : "DELETE");
                text(exchange, 405, "method " + method + " not allowed here");
            } else {
                text(exchange, 404, "no such resource");
            }
        } catch (RuntimeException | Error e) {
            // Any failure gets an answer (the handler thread must not die with the client left waiting).
            log.warn("WHIP request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            text(exchange, 500, "internal error: " + e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private void post(HttpExchange exchange, String sessionId) throws IOException {
        if (!isSdp(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            text(exchange, 415, "the offer must be sent as Content-Type: application/sdp");
            return;
        }
        Optional<Target> found = ID.matcher(sessionId).matches() ? sessions.apply(sessionId) : Optional.empty();
        if (found.isEmpty()) {
            text(exchange, 404, "no session '" + sessionId + "'");
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), maxOfferBytes);
        if (body == null) {
            text(exchange, 413, "the offer is over the limit of " + maxOfferBytes + " bytes");
            return;
        }
        Target target = found.get();
        AtomicReference<WebRtcPeer> self = new AtomicReference<>();
        PeerOptions options = target.options().toBuilder()
                .onStateChange(state -> {
                    target.options().stateListener().accept(state);
                    WebRtcPeer peer = self.get();
                    if (peer != null && state.isTerminal()) {
                        drop(sessionId, peer);
                    }
                })
                .build();
        WebRtcPeer peer;
        try {
            peer = transport.answer(new String(body, StandardCharsets.UTF_8), options);
        } catch (IllegalArgumentException e) {
            text(exchange, 400, e.getMessage());
            return;
        } catch (IllegalStateException e) {
            text(exchange, 503, e.getMessage());
            return;
        } catch (WebRtcException e) {
            text(exchange, 500, e.getMessage());
            return;
        }
        self.set(peer);
        WebRtcPeer previous = null;
        boolean accepted;
        synchronized (this) {
            accepted = !closed;
            if (accepted) {
                previous = peers.put(sessionId, peer);
                targets.put(sessionId, target);
                target.sink().attach(peer);
            }
        }
        if (!accepted) {
            peer.close();
            text(exchange, 503, "the endpoint is closed");
            return;
        }
        if (previous != null) {
            log.info("session {}: peer {} replaces peer {}", sessionId, peer.id(), previous.id());
            previous.close();
        }
        if (peer.state().isTerminal()) {
            drop(sessionId, peer);
        }
        exchange.getResponseHeaders().set("Location", contextPath(exchange) + "/" + sessionId + "/" + peer.id());
        byte[] answer = peer.answerSdp().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/sdp");
        exchange.sendResponseHeaders(201, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private void delete(HttpExchange exchange, String sessionId, String peerId) throws IOException {
        WebRtcPeer peer;
        Target target;
        synchronized (this) {
            peer = peers.get(sessionId);
            if (peer == null || !peer.id().equals(peerId)) {
                peer = null;
                target = null;
            } else {
                peers.remove(sessionId);
                target = targets.remove(sessionId);
            }
        }
        if (peer == null) {
            text(exchange, 404, "no peer '" + peerId + "' in session '" + sessionId + "'");
            return;
        }
        release(peer, target);
        exchange.sendResponseHeaders(200, -1);
    }

    /** Forgets a peer that failed or closed on its own, unless it has been replaced already. */
    private void drop(String sessionId, WebRtcPeer peer) {
        Target target;
        synchronized (this) {
            if (peers.get(sessionId) != peer) {
                return;
            }
            peers.remove(sessionId);
            target = targets.remove(sessionId);
        }
        release(peer, target);
    }

    private static void release(WebRtcPeer peer, Target target) {
        if (peer == null) {
            return;
        }
        if (target != null) {
            target.sink().detach(peer);
        }
        peer.close();
    }

    /** Closes every peer the endpoint made; later offers are answered 503. Does not close the transport. */
    @Override
    public void close() {
        Map<String, WebRtcPeer> open;
        Map<String, Target> openTargets;
        synchronized (this) {
            closed = true;
            open = new HashMap<>(peers);
            openTargets = new HashMap<>(targets);
            peers.clear();
            targets.clear();
        }
        open.forEach((session, peer) -> release(peer, openTargets.get(session)));
    }

    private static boolean isSdp(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/sdp");
    }

    private static String[] relativePath(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String context = contextPath(exchange);
        String rest = path.length() > context.length() ? path.substring(context.length()) : "";
        List<String> parts = List.of(rest.split("/")).stream().filter(s -> !s.isEmpty()).toList();
        return parts.toArray(new String[0]);
    }

    private static String contextPath(HttpExchange exchange) {
        String context = exchange.getHttpContext().getPath();
        return context.endsWith("/") ? context.substring(0, context.length() - 1) : context;
    }

    /** The whole body, or null when it is longer than {@code limit} bytes. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
