package dev.videochat.llm;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * The exceptions a chat call ends with, each naming the provider, the endpoint (through
 * {@link dev.videochat.api.RemoteServiceException}) and what to do. Retryable ones (the server busy, unreachable
 * or slow) may be repeated before the first delta; the others would fail the same way again.
 */
final class Failures {

    private Failures() {
    }

    /** The request could not be sent or got no response headers, waiting for them a whole headers-timeout. */
    static ChatFailure send(ChatEndpoint endpoint, Throwable cause) {
        return send(endpoint, cause, endpoint.headersTimeout());
    }

    /**
     * The request could not be sent or got no response headers.
     *
     * @param headersWait how long the attempt could wait for the headers: the headers-timeout, or less when that
     *                    was cut to what was left of the first-delta-timeout
     */
    static ChatFailure send(ChatEndpoint endpoint, Throwable cause, Duration headersWait) {
        boolean cutShort = headersWait.compareTo(endpoint.headersTimeout()) < 0;
        if (cause instanceof HttpConnectTimeoutException) {
            String limit = endpoint.connectTimeout().compareTo(headersWait) <= 0
                    ? within(endpoint.connectTimeout(), "connect-timeout")
                    : cutShort ? beforeFirstDeltaTimeout(endpoint) : within(headersWait, "headers-timeout");
            return failure(endpoint, -1, true, "could not connect " + limit
                    + "; is the server up and the base-url right?", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return failure(endpoint, -1, true, "no response headers " + (cutShort ? beforeFirstDeltaTimeout(endpoint)
                    : within(headersWait, "headers-timeout") + "; is the server overloaded, or still loading the "
                    + "model?"), cause);
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
    static ChatFailure status(ChatEndpoint endpoint, int status, String message, String retryAfter) {
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

    /**
     * The stream brought no content (a data event, a JSON line) for too long.
     *
     * @param cutShort       whether the wait was cut short by the first-delta-timeout
     * @param keepAlivesOnly whether the server sent keep-alive comments or blank lines meanwhile
     */
    static ChatFailure stalled(ChatEndpoint endpoint, int deltas, boolean cutShort, boolean keepAlivesOnly) {
        String what = cutShort ? "the stream brought no delta " + beforeFirstDeltaTimeout(endpoint)
                : "the stream stalled: no content for " + endpoint.readTimeout().toMillis()
                + " ms (setting read-timeout) after " + deltas + " deltas";
        return failure(endpoint, 200, true, what + (keepAlivesOnly ? "; the server sent only keep-alives meanwhile"
                : ""), null);
    }

    /** {@code last}, the failure of the last attempt, told how many attempts there were and why no more. */
    static ChatFailure gaveUp(ChatEndpoint endpoint, ChatFailure last, List<ChatFailure> earlier, Duration spent,
                              boolean outOfTime) {
        int attempts = earlier.size() + 1;
        String note = "; gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " in "
                + spent.toMillis() + " ms" + (outOfTime ? ", too late for another to fit in the first-delta-timeout "
                + "of " + endpoint.firstDeltaTimeout().toMillis() + " ms" : "");
        return last.after(endpoint, note, earlier);
    }

    /** The connection broke while the body streamed. */
    static ChatFailure broken(ChatEndpoint endpoint, int deltas, IOException cause) {
        return failure(endpoint, 200, true, "the stream broke after " + deltas + " deltas: " + describe(cause),
                cause);
    }

    /** The stream was malformed or carried an error object. */
    static ChatFailure stream(ChatEndpoint endpoint, StreamFailure cause) {
        return failure(endpoint, 200, false, cause.getMessage(), cause);
    }

    /** The body ended without the end-of-stream marker: the answer may be cut short. */
    static ChatFailure unfinished(ChatEndpoint endpoint, int deltas, String contentType) {
        String marker = endpoint.format() == ChatWireFormat.OPENAI ? "'data: [DONE]'" : "a '\"done\": true' line";
        String note = contentType.startsWith(endpoint.format().accept()) ? ""
                : " (the response was " + contentType + ", not " + endpoint.format().accept() + ")";
        return failure(endpoint, 200, true, "the stream ended before " + marker + " after " + deltas + " deltas; "
                + "the answer may be incomplete" + note, null);
    }

    private static ChatFailure failure(ChatEndpoint endpoint, int status, boolean retryable,
                                                  String message, Throwable cause) {
        return new ChatFailure(endpoint, status, retryable, message, cause);
    }

    private static String within(Duration limit, String setting) {
        return "within " + limit.toMillis() + " ms (setting " + setting + ")";
    }

    private static String beforeFirstDeltaTimeout(ChatEndpoint endpoint) {
        return "before the first-delta-timeout of " + endpoint.firstDeltaTimeout().toMillis() + " ms ran out";
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + message;
    }
}
