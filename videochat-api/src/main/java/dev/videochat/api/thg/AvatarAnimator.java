package dev.videochat.api.thg;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.WordTiming;

/**
 * Animates one avatar for one session: audio in, lip-synced frames out. Not thread-safe: a session's pipeline
 * drives it from one thread. The frame index continues across utterances and idle stretches, so the video
 * never jumps.
 *
 * <p>Frame-count contract: speech frames are counted over the animator's whole life, not per chunk or utterance.
 * When {@link #endUtterance} returns, the speech frames delivered so far total exactly what all the speech audio
 * given so far lasts ({@code round(samples * fps / rate)}, counted from the last change of sample rate), so
 * rounding carries across utterances and video never drifts from audio ({@code dev.videochat.core.thg.FrameClock}
 * keeps that count). Within an utterance, implementations may hold audio back to have context.
 * Idle frames come on top, one per frame asked for.
 */
public interface AvatarAnimator extends AutoCloseable {

    /** The avatar being animated. */
    Avatar avatar();

    /**
     * Renders the frames the given audio completes, appending to the current utterance.
     *
     * @throws IllegalArgumentException when the rate differs from earlier audio of the same utterance
     */
    void speak(AudioChunk audio, FrameSink sink) throws InterruptedException;

    /** Word or phoneme timings for the current utterance, relative to its first sample, when known. */
    default void hint(WordTiming word) {
    }

    /** Ends the current utterance, delivering every frame it still owes. */
    void endUtterance(FrameSink sink) throws InterruptedException;

    /**
     * Ends the current utterance without delivering the frames it still owes, after a cancel or a barge-in. The frame
     * index moves past those frames as if they had been delivered to a sink that drops them, and the next utterance
     * starts afresh. Implementations whose frames cost model runs override this to drop them without rendering; the
     * default renders them into such a sink.
     */
    default void abandonUtterance() throws InterruptedException {
        endUtterance(frame -> { });
    }

    /** Renders {@code count} frames of the avatar listening or waiting (no speech). */
    void idle(int count, FrameSink sink) throws InterruptedException;

    /** The index the next frame will carry. */
    long nextFrameIndex();

    /** Releases per-session resources. */
    @Override
    default void close() {
    }
}
