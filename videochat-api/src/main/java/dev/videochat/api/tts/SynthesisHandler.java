package dev.videochat.api.tts;

import dev.videochat.api.audio.AudioChunk;

/**
 * Receives synthesized audio as it is produced. Callbacks come one at a time, in order, possibly from an engine
 * thread; they may block, which slows the engine down (back-pressure), and a cancel of the call interrupts a
 * callback that blocks.
 */
public interface SynthesisHandler {

    /** The next piece of audio; all chunks of one synthesis share one sample rate. */
    void onAudio(AudioChunk chunk) throws InterruptedException;

    /** A word's timing, when the engine reports them. */
    default void onWord(WordTiming word) throws InterruptedException {
    }
}
