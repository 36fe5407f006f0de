package dev.videochat.api.llm;

import dev.videochat.api.Call;

/**
 * A streaming chat model (an OpenAI-compatible endpoint, Ollama, ...). Thread-safe: one instance serves many
 * sessions at once.
 */
public interface ChatModel extends AutoCloseable {

    /** The provider name, for messages and metrics. */
    String name();

    /**
     * Starts a completion. Text arrives at {@code handler}; the returned call ends with the summary.
     * Cancelling the call closes the HTTP stream at once (barge-in).
     */
    Call<ChatResult> stream(ChatRequest request, ChatHandler handler);

    /** Releases connections and threads. */
    @Override
    default void close() {
    }
}
