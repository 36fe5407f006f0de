package dev.videochat.llm;

/**
 * What a response-stream decoder found in one chunk, in the order the server sent it. Implemented by the call
 * that owns the stream; decoders know nothing about handlers, retries or metrics.
 */
interface StreamListener {

    /** A piece of the answer text, never empty. */
    void content(String text) throws InterruptedException;

    /** A piece of the model's reasoning text, never empty. */
    void reasoning(String text) throws InterruptedException;

    /** The server said why generation stopped ({@code "stop"}, {@code "length"}, ...). */
    void finishReason(String reason);

    /** The server reported how many tokens it generated. */
    void completionTokens(int tokens);

    /** The server marked the end of the stream ({@code data: [DONE]}, or Ollama's {@code "done": true}). */
    void done();
}
