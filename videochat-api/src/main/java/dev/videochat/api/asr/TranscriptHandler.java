package dev.videochat.api.asr;

/**
 * Receives a streaming recognition's results, one callback at a time, in order, on the engine's thread. Callbacks
 * may block (back-pressure), and a cancel of the session interrupts a callback that blocks.
 */
public interface TranscriptHandler {

    /** The current hypothesis for the utterance in progress; it may still change. */
    void onPartial(String text) throws InterruptedException;

    /** A finished utterance (the server or the local VAD decided it ended). */
    void onFinal(Transcript transcript) throws InterruptedException;
}
