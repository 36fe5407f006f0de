package dev.videochat.webrtc;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;

/**
 * libwebrtc could not do what was asked: its natives do not load on this platform, negotiation failed after the
 * offer was accepted, or no ICE candidate could be gathered. Reported as an output failure ({@link Stage#MUX},
 * provider {@code webrtc}); a bad offer is an {@link IllegalArgumentException} instead.
 */
public class WebRtcException extends VideoChatException {
    private static final long serialVersionUID = 1L;

    public WebRtcException(String message) {
        super(Stage.MUX, "webrtc", message);
    }

    public WebRtcException(String message, Throwable cause) {
        super(Stage.MUX, "webrtc", message, cause);
    }
}
