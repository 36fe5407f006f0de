package dev.videochat.llm;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;

import java.util.List;

/**
 * How a chat call failed, as the caller sees it: a {@link RemoteServiceException} that also keeps its own
 * message, so that the call can add how many attempts it made once it gives up.
 */
final class ChatFailure extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    private final String detail;
    private final int statusCode;

    ChatFailure(ChatEndpoint endpoint, int status, boolean retryable, String detail, Throwable cause) {
        super(Stage.LLM, endpoint.provider(), endpoint.url(), status, retryable, detail, cause);
        this.detail = detail;
        this.statusCode = status;
    }

    /**
     * The same failure with {@code note} after its message and the failures of the attempts before it
     * suppressed in it, so their reasons stay in the stack trace.
     */
    ChatFailure after(ChatEndpoint endpoint, String note, List<ChatFailure> earlier) {
        ChatFailure failure = new ChatFailure(endpoint, statusCode, retryable(), detail + note, getCause());
        earlier.forEach(failure::addSuppressed);
        return failure;
    }
}
