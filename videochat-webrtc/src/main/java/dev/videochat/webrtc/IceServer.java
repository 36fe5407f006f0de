package dev.videochat.webrtc;

import java.util.List;
import java.util.Objects;

/**
 * A STUN or TURN server the transport offers to ICE, as in the browser's {@code RTCIceServer}.
 *
 * @param urls       one or more {@code stun:}, {@code turn:} or {@code turns:} URLs
 * @param username   the TURN user name, or empty for STUN
 * @param credential the TURN password, or empty for STUN; never logged
 */
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        Objects.requireNonNull(urls, "urls");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL");
        }
        for (String url : urls) {
            Objects.requireNonNull(url, "url");
            if (!(url.startsWith("stun:") || url.startsWith("turn:") || url.startsWith("turns:"))) {
                throw new IllegalArgumentException("ICE server URL must start with stun:, turn: or turns:, got '"
                        + url + "'");
            }
        }
        urls = List.copyOf(urls);
        username = Objects.requireNonNullElse(username, "");
        credential = Objects.requireNonNullElse(credential, "");
    }

    /** A STUN server, for example {@code stun("stun:stun.l.google.com:19302")}. */
    public static IceServer stun(String url) {
        return new IceServer(List.of(url), "", "");
    }

    /** A TURN server with its user name and password. */
    public static IceServer turn(String url, String username, String credential) {
        return new IceServer(List.of(url), username, credential);
    }

    @Override
    public String toString() {
        // The credential stays out of logs.
        return "IceServer" + urls + (username.isEmpty() ? "" : " user=" + username);
    }
}
