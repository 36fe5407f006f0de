package dev.videochat.api;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A running streaming request (a chat completion, a synthesis, a transcription). Its partial results go to the
 * handler given when it started; this handle tells when it ends and cancels it.
 *
 * <p>Contract for implementations: after {@link #cancel()} returns, the handler receives no more callbacks, the
 * underlying connection or process is released, and {@link #result()} completes exceptionally with a
 * {@link CancellationException}. Failures complete {@link #result()} with a {@link VideoChatException}.
 *
 * @param <R> the summary available when the call ends
 */
public interface Call<R> {

    /** Completes when the call ends: normally, with an error, or cancelled. */
    CompletableFuture<R> result();

    /** Cancels the call; idempotent, never blocks for long, safe from any thread. */
    void cancel();

    /**
     * Waits for the call to end.
     *
     * @return the summary
     * @throws VideoChatException    when the call failed
     * @throws CancellationException when it was cancelled
     * @throws InterruptedException  when the waiting thread is interrupted (the call itself goes on)
     */
    default R await() throws InterruptedException {
        try {
            return result().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new VideoChatException(Stage.PIPELINE, "-", String.valueOf(cause), cause);
        }
    }
}
