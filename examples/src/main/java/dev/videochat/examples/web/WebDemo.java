package dev.videochat.examples.web;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import dev.videochat.webrtc.WebRtcException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.videochat.webrtc.WebRtcTransport;
import dev.videochat.webrtc.WhipEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The web demo: a page to talk with the avatar (text box, microphone, stop button, transcript, avatar and voice
 * pickers, latency tables) and the avatar's video playing as it streams, served by the JDK's HTTP server.
 *
 * <p>Each tab gets its own live pipeline session. Its video and voice travel over WebRTC: the page POSTs an SDP
 * offer to {@code /api/webrtc/<sid>} (WHIP-style, {@link WhipEndpoint}) and gets the answer; the microphone comes
 * back the same way and is listened to hands-free. As a fallback ({@code ?transport=mse}, or when WebRTC cannot
 * start or connect) the video travels as fragmented MP4 over one long-lived chunked response ({@code /api/media}),
 * appended by the page to a Media Source Extensions buffer as each fragment is cut. Transcript, timings, what the
 * microphone hears and errors travel as server-sent events ({@code /api/events}). With
 * {@link Builder#metrics}, {@code /metrics} serves the engine's meters to a Prometheus server.
 *
 * <pre>{@code
 * try (WebDemo demo = WebDemo.builder(engines).port(8080).start()) {
 *     System.out.println("open " + demo.uri());
 *     demo.awaitClose();
 * }
 * }</pre>
 * It does not close the engine it was given.
 */
public final class WebDemo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebDemo.class);
    /** Where the WHIP endpoint is mounted; a tab's offer goes to {@code /api/webrtc/<sid>}. */
    static final String WEBRTC_PATH = "/api/webrtc";

    /**
     * The demo's limits.
     *
     * @param uploadBytes    the largest recording accepted, bytes
     * @param textBytes      the largest typed message accepted, bytes
     * @param sessionTimeout how long a session outlives its tab's last sign of life
     * @param heartbeat      the longest silence on an event stream before a comment goes out (to notice gone tabs)
     * @param maxSessions    the most tabs served at once
     * @param readTimeout    the longest a client may take to send a request's headers, and then its body
     */
    record Limits(long uploadBytes, long textBytes, Duration sessionTimeout, Duration heartbeat, int maxSessions,
                  Duration readTimeout) {

        /**
         * Handler threads: each open tab holds two (its event and media streams, for as long as it is open), and a
         * few more serve everything else. Clients beyond them wait in the queue, never in new threads.
         */
        int handlerThreads() {
            return 2 * maxSessions + 8;
        }
    }

    /**
     * Muxer settings a demo engine needs (merge them under the application's own): fragmented MP4 for the page's
     * Media Source Extensions player, cut at most every 200 ms so the page is never more than a fragment behind
     * the live stream, and the final MP4 of each session in the output folder.
     */
    public static final Map<String, String> MUXER_SETTINGS = Map.of("outputs", "fmp4,mp4", "segment-target", "200ms");

    private final HttpServer server;
    private final HandlerPool handlers;
    private final ScheduledExecutorService reaper;
    private final WebSessions sessions;
    private final WebRtcTransport webrtc;
    private final WhipEndpoint whip;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private WebDemo(Builder b) throws IOException {
        Limits limits = new Limits(b.uploadBytes, b.textBytes, b.sessionTimeout, b.heartbeat, b.maxSessions,
                b.readTimeout);
        sessions = new WebSessions(b.engines, b.maxSessions, b.stampFrames);
        webrtc = b.webRtc ? startWebRtc().orElse(null) : null;
        whip = webrtc == null ? null : new WhipEndpoint(webrtc, id -> sessions.get(id).map(WebSession::whipTarget));
        if (whip != null) {
            sessions.onClose(whip::closeSession);
        }
        server = HttpServer.create(new InetSocketAddress(b.host, b.port), 0);
        String name = "videochat-web-" + server.getAddress().getPort();
        handlers = new HandlerPool(name, limits.handlerThreads(), limits.readTimeout());
        server.setExecutor(handlers);
        // The origin check comes first, so a foreign request is refused before its body is read; RequestBodies
        // reads last from the connection and ends the deadline on the headers.
        OriginPolicy origins = new OriginPolicy(b.allowedOrigins);
        RequestBodies bodies = new RequestBodies(Map.of(
                "/api/ask", new RequestBodies.Limit(limits.uploadBytes(), "the recording"),
                "/api/say", new RequestBodies.Limit(limits.textBytes(), "the text"),
                WEBRTC_PATH + "/", new RequestBodies.Limit(WebRtcTransport.DEFAULT_MAX_OFFER_BYTES, "the offer")),
                limits.readTimeout());
        List<HttpContext> contexts = new java.util.ArrayList<>(List.of(
                server.createContext("/api/", new ApiHandler(sessions, limits, whip != null)),
                server.createContext("/", new StaticFiles("web"))));
        if (whip != null) {
            contexts.add(server.createContext(WEBRTC_PATH, whip));
        }
        if (b.metrics != null) {
            contexts.add(server.createContext("/metrics", new MetricsEndpoint(b.metrics)));
        }
        for (HttpContext context : contexts) {
            context.getFilters().add(origins);
            context.getFilters().add(bodies);
        }
        reaper = Executors.newSingleThreadScheduledExecutor(HandlerPool.named(name + "-reaper-"));
        long every = Math.max(100, Math.min(5_000, b.sessionTimeout.toMillis() / 2));
        reaper.scheduleWithFixedDelay(() -> sessions.expire(b.sessionTimeout), every, every, TimeUnit.MILLISECONDS);
        server.start();
    }

    /** libwebrtc, or empty (the page then plays the MSE fallback) when its natives do not load here. */
    private static Optional<WebRtcTransport> startWebRtc() {
        try {
            return Optional.of(WebRtcTransport.create());
        } catch (WebRtcException | LinkageError e) {
            log.warn("WebRTC is not available, pages get the video over HTTP (MSE) instead: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether tabs can connect over WebRTC (libwebrtc loaded here). */
    public boolean webRtc() {
        return whip != null;
    }

    /** A demo serving {@code engines}; configure it, then {@link Builder#start()}. */
    public static Builder builder(DemoEngines engines) {
        return new Builder(engines);
    }

    /** The address the page is served at, for example {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** The port the server listens on (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** How many tabs have a session open now. */
    public int openSessions() {
        return sessions.size();
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    /** Closes every session (ending their streams), then stops the server. Idempotent. */
    @Override
    public void close() {
        reaper.shutdownNow();
        sessions.close();
        if (whip != null) {
            whip.close();
            webrtc.close();
        }
        server.stop(0);
        handlers.close();
        stopped.countDown();
    }

    /** The number of handler threads, however many clients connect. */
    int handlerThreads() {
        return handlers.size();
    }

    /** Configures and starts a {@link WebDemo}. */
    public static final class Builder {
        private final DemoEngines engines;
        private String host = "127.0.0.1";
        private int port = 8080;
        private long uploadBytes = 10L << 20;
        private long textBytes = 64L << 10;
        private Duration sessionTimeout = Duration.ofSeconds(45);
        private Duration heartbeat = Duration.ofSeconds(10);
        private int maxSessions = 16;
        private Duration readTimeout = Duration.ofSeconds(30);
        private final Set<OriginPolicy.Origin> allowedOrigins = new LinkedHashSet<>();
        private boolean webRtc = true;
        private boolean stampFrames;
        private PrometheusMeterRegistry metrics;

        private Builder(DemoEngines engines) {
            this.engines = Objects.requireNonNull(engines, "engines");
        }

        /** The address to bind (default 127.0.0.1: only this machine can connect). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port, 0 to 65535 (default 8080; 0 picks a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The largest recording accepted, in bytes (default 10 MiB); larger ones get 413. */
        public Builder uploadLimit(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("upload limit must be >= 1 byte, got " + bytes);
            }
            this.uploadBytes = bytes;
            return this;
        }

        /**
         * How long a session outlives its tab (default 45 s): a tab that keeps no event stream open for this long
         * is taken as closed.
         */
        public Builder sessionTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("session timeout must be positive, got " + timeout);
            }
            this.sessionTimeout = timeout;
            return this;
        }

        /** The longest silence on an event stream before a keep-alive comment is written (default 10 s). */
        public Builder heartbeat(Duration interval) {
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("heartbeat must be at least 1 ms, got " + interval);
            }
            this.heartbeat = interval;
            return this;
        }

        /** The most tabs served at once (default 16). */
        public Builder maxSessions(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxSessions must be >= 1, got " + count);
            }
            this.maxSessions = count;
            return this;
        }

        /**
         * The longest a client may take to send a request's headers, and then again its body (default 30 s). A
         * client that stalls is cut off: a late body gets 408, and either way the connection is closed.
         */
        public Builder readTimeout(Duration timeout) {
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("read timeout must be at least 1 ms, got " + timeout);
            }
            this.readTimeout = timeout;
            return this;
        }

        /**
         * Lets the pages of {@code origin} ({@code scheme://host[:port]}, for example
         * {@code http://192.168.1.20:8080}) use the demo, and accepts its host name as the {@code Host} of a request.
         * By default only requests naming this server (its address, {@code localhost} or a loopback address, with
         * its port) from its own page are answered; others get 403. Call once per origin.
         *
         * @throws IllegalArgumentException when {@code origin} is not {@code scheme://host[:port]}
         */
        public Builder allowOrigin(String origin) {
            allowedOrigins.add(OriginPolicy.Origin.parse(Objects.requireNonNull(origin, "origin")));
            return this;
        }

        /**
         * Whether to offer WebRTC (default true): pages then get the avatar over WebRTC and may talk hands-free.
         * Without it, or where libwebrtc does not load, pages play the video over HTTP (MSE).
         */
        public Builder webRtc(boolean enabled) {
            this.webRtc = enabled;
            return this;
        }

        /**
         * Serves {@code registry} at {@code /metrics} in the Prometheus text format (off by default). The engine's
         * meters reach it when the engine was built with {@code .observer(new VideoChatMetrics(registry))}; the
         * request passes the same Host and Origin checks as the page's.
         */
        public Builder metrics(PrometheusMeterRegistry registry) {
            this.metrics = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Stamps each frame's index into the picture sent over WebRTC, for tests that follow frames (see {@link FrameIndexStamp}). */
        Builder stampFrames(boolean enabled) {
            this.stampFrames = enabled;
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @throws IOException when the address cannot be bound (for example, the port is taken)
         */
        public WebDemo start() throws IOException {
            return new WebDemo(this);
        }
    }
}
