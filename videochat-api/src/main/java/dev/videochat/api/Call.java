package dev.videochat.api;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A running piece of work that ends once with a summary: a chat completion, a synthesis, a recognition, a
 * speech-to-speech response, a pipeline turn. This handle tells when it ends ({@link #result()},
 * {@link #await()}, {@link #isDone()}) and stops it ({@link #cancel()}); it is the one completion idiom of the SDK.
 *
 * <p>Engine calls (those started with a handler: {@code ChatModel.stream}, {@code SpeechSynthesizer.synthesize},
 * {@code SpeechRecognizer.transcribe} and {@code open}, {@code SpeechConversation.respond}) keep the contract that
 * {@link AbstractCall} implements: after {@link #cancel()} returns, the handler receives no more callbacks, the
 * underlying connection or process is being released, and {@link #result()} has completed exceptionally with a
 * {@link CancellationException} (unless the call had already ended). Failures complete it exceptionally with a
 * {@link VideoChatException}. A call whose summary is an outcome of its own says so: a pipeline turn completes
 * normally with its final event, whether the turn was done, failed or cancelled.
 *
 * @param <R> the summary available when the call ends
 */
public interface Call<R> {

    /**
     * Completes once, when the call ends: normally with the summary, exceptionally with the failure or a
     * {@link CancellationException}. The stage is read-only: completing it from outside is refused with an
     * {@link UnsupportedOperationException}. Use {@code result().toCompletableFuture()} to poll or block on it;
     * cancelling that future cancels the call, as {@link #cancel()} does.
     */
    CompletionStage<R> result();

    /** Cancels the call; idempotent, safe from any thread, including from inside one of its own callbacks. */
    void cancel();

    /** Whether the call has ended. */
    default boolean isDone() {
        return result().toCompletableFuture().isDone();
    }

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
            return result().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** The failure an {@link ExecutionException} carries, as an unchecked exception to rethrow. */
    private static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new VideoChatException(Stage.PIPELINE, "-", String.valueOf(cause), cause);
    }
}
