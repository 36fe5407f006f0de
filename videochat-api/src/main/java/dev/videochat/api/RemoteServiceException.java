package dev.videochat.api;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A server the SDK talks to (an LLM endpoint, a TTS or ASR server, an RTMP ingest) failed: it could not be
 * reached, timed out, answered with an error status, or broke its protocol. The message carries the endpoint
 * and the server's own error text; it never carries credentials.
 */
public class RemoteServiceException extends VideoChatException {
    private static final long serialVersionUID = 1L;

    private final URI endpoint;
    private final int status;
    private final boolean retryable;

    /**
     * @param endpoint  the URL that was called (without credentials)
     * @param status    the HTTP (or protocol) status, or {@code -1} when the failure happened below that level
     * @param retryable whether repeating the same request may succeed (429, 5xx, connect failures)
     */
    public RemoteServiceException(Stage stage, String provider, URI endpoint, int status, boolean retryable,
                                  String message, @Nullable Throwable cause) {
        super(stage, provider, message + " (" + Objects.requireNonNull(endpoint, "endpoint") + ")", cause);
        this.endpoint = endpoint;
        this.status = status;
        this.retryable = retryable;
    }

    /** The URL that was called. */
    public URI endpoint() {
        return endpoint;
    }

    /** The status the server answered with, if the failure got that far. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** Whether the same request may succeed if repeated. */
    public boolean retryable() {
        return retryable;
    }
}
