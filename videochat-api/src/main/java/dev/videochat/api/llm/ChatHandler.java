package dev.videochat.api.llm;

/**
 * Receives a chat completion's text as it streams. Callbacks come from the engine's thread, one at a time, in
 * order; they may block (that slows the stream down, which is how a full pipeline applies back-pressure), and a
 * cancel of the call interrupts a callback that blocks.
 */
public interface ChatHandler {

    /** A piece of the answer's text, never empty. */
    void onDelta(String text) throws InterruptedException;

    /** A piece of the model's reasoning ("thinking") text, which is not part of the answer and is not spoken. */
    default void onReasoningDelta(String text) throws InterruptedException {
    }
}
