package dev.videochat.webrtc;

import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The engine-level WebRTC front: loads libwebrtc, holds the network settings, answers each browser's offer with
 * {@link #answer(String, PeerOptions)} and closes the peers still open at shutdown. Build it once.
 *
 * <p>Each {@link WebRtcPeer} gets its own libwebrtc factory with a headless audio device (no sound card is
 * opened). One shared factory would be lighter, but libwebrtc's audio device feeds the same captured audio to
 * every send stream of its factory, so sessions sharing one would all speak with one voice; and pushing each
 * session's voice past the device instead races the device's own capture thread, which libwebrtc answers by
 * aborting the process. A peer costs about a dozen native threads.
 *
 * <p>Networking: host candidates on every non-loopback interface, plus STUN/TURN servers when configured (none
 * by default, enough for a browser on the same machine or LAN). libwebrtc skips loopback interfaces and
 * webrtc-java 0.14.0 does not expose the option that changes that, so a host whose only interface is
 * {@code lo} gathers no candidate; a browser on the same machine reaches the server through the machine's own
 * LAN address instead.
 *
 * <p>Thread-safe.
 */
public final class WebRtcTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebRtcTransport.class);

    /** The largest offer accepted by default, in bytes (a browser's offer is a few KiB). */
    public static final int DEFAULT_MAX_OFFER_BYTES = 64 * 1024;

    private final List<IceServer> iceServers;
    private final int minPort;
    private final int maxPort;
    private final Duration gatheringTimeout;
    private final Duration negotiationTimeout;
    private final int maxOfferBytes;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Set<WebRtcPeer> peers = ConcurrentHashMap.newKeySet();
    private final AtomicLong peerCounter = new AtomicLong();
    private boolean closed;

    private WebRtcTransport(Builder b) {
        this.iceServers = List.copyOf(b.iceServers);
        this.minPort = b.minPort;
        this.maxPort = b.maxPort;
        this.gatheringTimeout = b.gatheringTimeout;
        this.negotiationTimeout = b.negotiationTimeout;
        this.maxOfferBytes = b.maxOfferBytes;
        try {
            // Loads the natives now, so a missing platform fails here rather than at the first offer.
            new HeadlessAudioDeviceModule().dispose();
        } catch (LinkageError | RuntimeException e) {
            throw new WebRtcException("libwebrtc (webrtc-java) could not start on " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch") + ": " + e
                    + "; put the natives jar for this platform on the class path"
                    + " (dev.onvoid.webrtc:webrtc-java with classifier linux-x86_64, linux-aarch64,"
                    + " windows-x86_64, macos-x86_64 or macos-aarch64)", e);
        }
        log.info("WebRTC transport started ({} ICE server(s), ports {})", iceServers.size(),
                minPort == 0 ? "any" : minPort + "-" + maxPort);
    }

    /** A transport with the defaults: no ICE servers, any port, 5 s candidate gathering. */
    public static WebRtcTransport create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Answers a browser's SDP offer (WHIP/WHEP style, no trickle): checks it, negotiates a new peer, waits for
     * ICE gathering to complete (at most the gathering timeout) and returns the peer, whose
     * {@link WebRtcPeer#answerSdp()} holds every candidate. The offer must receive video and audio (the avatar);
     * an audio m-line the browser sends on is its microphone.
     *
     * @throws IllegalArgumentException naming what is wrong with the offer (no video or audio to receive, not SDP,
     *                                  over the size limit, refused by libwebrtc)
     * @throws IllegalStateException    after {@link #close()}
     * @throws WebRtcException          when negotiation fails after the offer was accepted, or no candidate
     *                                  could be gathered
     */
    public WebRtcPeer answer(String offerSdp, PeerOptions options) {
        Objects.requireNonNull(options, "options");
        SdpOffer offer = SdpOffer.parse(offerSdp, maxOfferBytes);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("WebRtcTransport is closed; build a new one to answer offers");
            }
            String id = "p" + peerCounter.incrementAndGet();
            WebRtcPeer peer = WebRtcPeer.answer(id, this, configuration(), offer, options, negotiationTimeout,
                    gatheringTimeout);
            peers.add(peer);
            log.debug("peer {} answered ({} peer(s) open)", id, peers.size());
            return peer;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The peers answered and not closed yet. */
    public int openPeers() {
        return peers.size();
    }

    private RTCConfiguration configuration() {
        RTCConfiguration config = new RTCConfiguration();
        for (IceServer server : iceServers) {
            RTCIceServer s = new RTCIceServer();
            s.urls = new ArrayList<>(server.urls());
            s.username = server.username();
            s.password = server.credential();
            config.iceServers.add(s);
        }
        // Browsers bundle everything on one transport; so does the answer.
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.portAllocatorConfig = new PortAllocatorConfig(minPort, maxPort, 0);
        return config;
    }

    void forget(WebRtcPeer peer) {
        peers.remove(peer);
    }

    /**
     * Closes every open peer (each frees its factory, audio device and threads). Waits for answers in progress to
     * finish first. Idempotent.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        for (WebRtcPeer peer : List.copyOf(peers)) {
            peer.close();
        }
        log.info("WebRTC transport closed");
    }

    /** Builds a {@link WebRtcTransport}. */
    public static final class Builder {
        private final List<IceServer> iceServers = new ArrayList<>();
        private int minPort;
        private int maxPort;
        private Duration gatheringTimeout = Duration.ofSeconds(5);
        private Duration negotiationTimeout = Duration.ofSeconds(10);
        private int maxOfferBytes = DEFAULT_MAX_OFFER_BYTES;

        private Builder() {
        }

        /** Adds a STUN or TURN server (none by default: host candidates only). */
        public Builder iceServer(IceServer server) {
            iceServers.add(Objects.requireNonNull(server, "iceServer"));
            return this;
        }

        /** Replaces the ICE servers. */
        public Builder iceServers(List<IceServer> servers) {
            Objects.requireNonNull(servers, "iceServers");
            iceServers.clear();
            servers.forEach(this::iceServer);
            return this;
        }

        /** Limits the local UDP/TCP ports ICE binds to {@code min..max} inclusive (for a firewall). */
        public Builder portRange(int min, int max) {
            if (min < 1024 || max > 65535 || min > max) {
                throw new IllegalArgumentException("port range must satisfy 1024 <= min <= max <= 65535, got "
                        + min + ".." + max);
            }
            this.minPort = min;
            this.maxPort = max;
            return this;
        }

        /**
         * How long {@link #answer} waits for ICE candidate gathering to complete (default 5 s); host candidates
         * take milliseconds, STUN and TURN round trips longer.
         */
        public Builder gatheringTimeout(Duration timeout) {
            this.gatheringTimeout = positive(timeout, "gatheringTimeout");
            return this;
        }

        /** How long each offer/answer step may take inside libwebrtc (default 10 s). */
        public Builder negotiationTimeout(Duration timeout) {
            this.negotiationTimeout = positive(timeout, "negotiationTimeout");
            return this;
        }

        /** The largest offer accepted, in bytes (default 64 KiB). */
        public Builder maxOfferBytes(int bytes) {
            if (bytes < 1024 || bytes > 1024 * 1024) {
                throw new IllegalArgumentException("max offer size must be 1 KiB..1 MiB, got " + bytes + " bytes");
            }
            this.maxOfferBytes = bytes;
            return this;
        }

        /**
         * Starts libwebrtc.
         *
         * @throws WebRtcException when its natives do not load on this platform
         */
        public WebRtcTransport build() {
            return new WebRtcTransport(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
