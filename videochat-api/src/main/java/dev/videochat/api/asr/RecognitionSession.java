package dev.videochat.api.asr;

import dev.videochat.api.Call;
import dev.videochat.api.audio.AudioChunk;

import java.util.concurrent.CompletionStage;

/**
 * A streaming recognition: PCM goes in as it is recorded; partial and final text comes out through the
 * {@link TranscriptHandler} given when it was opened. As a {@link Call}, it ends with the whole transcript once
 * {@link #finish()} has been called and the engine has answered.
 */
public interface RecognitionSession extends Call<Transcript>, AutoCloseable {

    /**
     * Sends the next piece of audio. All chunks must share the sample rate the engine asked for.
     *
     * @throws IllegalArgumentException when the chunk's rate is not the session's
     * @throws IllegalStateException    after {@link #finish()} or {@link #cancel()}
     */
    void feed(AudioChunk chunk);

    /**
     * Says no more audio will come; the session then ends with the whole transcript once the engine has answered.
     *
     * @return {@link #result()}
     */
    CompletionStage<Transcript> finish();

    /** Drops the session at once; no more callbacks arrive after this returns. */
    @Override
    void cancel();

    /** Cancels the session if it has not finished. */
    @Override
    default void close() {
        cancel();
    }
}
