package dev.videochat.core.llm;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * The exceptions a chat call ends with, each naming the provider, the endpoint (through
 * {@link RemoteServiceException}) and what to do. Retryable ones (the server busy, unreachable or slow) may be
 * repeated before the first delta; the others would fail the same way again.
 */
final class Failures {

    private Failures() {
    }

    /** The request could not be sent or got no response headers. */
    static RemoteServiceException send(ChatEndpoint endpoint, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return failure(endpoint, -1, true, "could not connect within " + endpoint.connectTimeout().toMillis()
                    + " ms (setting connect-timeout); is the server up and the base-url right?", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return failure(endpoint, -1, true, "no response within " + endpoint.readTimeout().toMillis()
                    + " ms (setting read-timeout)", cause);
        }
        if (cause instanceof ConnectException) {
            return failure(endpoint, -1, true, "could not connect (" + describe(cause)
                    + "); is the server running and the base-url right?", cause);
        }
        if (cause instanceof IOException) {
            return failure(endpoint, -1, true, "the request failed: " + describe(cause), cause);
        }
        return failure(endpoint, -1, false, "the request could not be made: " + describe(cause), cause);
    }

    /** The server answered with an error status; {@code message} is from its body. */
    static RemoteServiceException status(ChatEndpoint endpoint, int status, String message, String retryAfter) {
        String text = "HTTP " + status + ": " + message;
        return switch (status) {
            case 401, 403 -> failure(endpoint, status, false, text + "; " + endpoint.keyHint(), null);
            case 404 -> failure(endpoint, status, false, text + "; check the base-url and that the model '"
                    + endpoint.model() + "' exists there", null);
            case 408, 429 -> failure(endpoint, status, true, text + (status == 429
                    ? "; rate limited or out of quota" : "") + (retryAfter == null ? ""
                    : " (Retry-After: " + retryAfter + ")"), null);
            default -> failure(endpoint, status, status >= 500, text, null);
        };
    }

    /** A read of the body blocked longer than the read timeout. */
    static RemoteServiceException readTimeout(ChatEndpoint endpoint, int deltas) {
        return failure(endpoint, 200, true, "the stream stalled: no data for " + endpoint.readTimeout().toMillis()
                + " ms (setting read-timeout) after " + deltas + " deltas", null);
    }

    /** The connection broke while the body streamed. */
    static RemoteServiceException broken(ChatEndpoint endpoint, int deltas, IOException cause) {
        return failure(endpoint, 200, true, "the stream broke after " + deltas + " deltas: " + describe(cause),
                cause);
    }

    /** The stream was malformed or carried an error object. */
    static RemoteServiceException stream(ChatEndpoint endpoint, StreamFailure cause) {
        return failure(endpoint, 200, false, cause.getMessage(), cause);
    }

    /** The body ended without the end-of-stream marker: the answer may be cut short. */
    static RemoteServiceException unfinished(ChatEndpoint endpoint, int deltas, String contentType) {
        String marker = endpoint.format() == ChatWireFormat.OPENAI ? "'data: [DONE]'" : "a '\"done\": true' line";
        String note = contentType.startsWith(endpoint.format().accept()) ? ""
                : " (the response was " + contentType + ", not " + endpoint.format().accept() + ")";
        return failure(endpoint, 200, true, "the stream ended before " + marker + " after " + deltas + " deltas; "
                + "the answer may be incomplete" + note, null);
    }

    private static RemoteServiceException failure(ChatEndpoint endpoint, int status, boolean retryable,
                                                  String message, Throwable cause) {
        return new RemoteServiceException(Stage.LLM, endpoint.provider(), endpoint.url(), status, retryable,
                message, cause);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + message;
    }
}
