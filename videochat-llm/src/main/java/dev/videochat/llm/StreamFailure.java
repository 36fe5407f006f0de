package dev.videochat.llm;

/**
 * The response stream broke its format (malformed JSON, an overlong line) or carried an error object from the
 * server. The call that reads the stream turns it into a {@link dev.videochat.api.RemoteServiceException} naming
 * the endpoint.
 */
final class StreamFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StreamFailure(String message) {
        super(message);
    }

    StreamFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
