package dev.videochat.api.asr;

import dev.videochat.api.audio.AudioChunk;

import java.util.concurrent.CompletableFuture;

/**
 * A streaming recognition: PCM goes in as it is recorded; partial and final text comes out through the
 * {@link TranscriptHandler} given when it was opened.
 */
public interface RecognitionSession extends AutoCloseable {

    /**
     * Sends the next piece of audio. All chunks must share the sample rate the engine asked for.
     *
     * @throws IllegalArgumentException when the chunk's rate is not the session's
     * @throws IllegalStateException    after {@link #finish()} or {@link #cancel()}
     */
    void feed(AudioChunk chunk);

    /** Says no more audio will come; completes with the whole transcript once the engine has answered. */
    CompletableFuture<Transcript> finish();

    /** Drops the session at once; no more callbacks arrive after this returns. */
    void cancel();

    /** Cancels the session if it has not finished. */
    @Override
    default void close() {
        cancel();
    }
}
