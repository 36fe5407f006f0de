package dev.videochat.webrtc;

/**
 * Where a {@link WebRtcPeer}'s connection stands, as the browser's {@code RTCPeerConnection.connectionState}
 * reports it. {@link #DISCONNECTED} may recover on its own (a brief network loss); {@link #FAILED} and
 * {@link #CLOSED} are final.
 */
public enum PeerState {
    /** Negotiated, no connectivity check has run yet. */
    NEW,
    /** ICE and DTLS are being established. */
    CONNECTING,
    /** Media flows both ways. */
    CONNECTED,
    /** No packet has arrived from the browser for a while (about 2.5 s in libwebrtc); may come back. */
    DISCONNECTED,
    /** ICE or DTLS gave up: the browser is gone. The peer should be closed. */
    FAILED,
    /** {@link WebRtcPeer#close()} ran (or its transport closed). */
    CLOSED;

    /** Whether the peer can no longer carry media without a new offer. */
    public boolean isTerminal() {
        return this == FAILED || this == CLOSED;
    }
}
