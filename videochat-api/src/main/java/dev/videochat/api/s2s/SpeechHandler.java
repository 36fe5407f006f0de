package dev.videochat.api.s2s;

import dev.videochat.api.audio.AudioChunk;

/**
 * Receives a speech-to-speech response as it streams. Called on the model's thread, one at a time, in order;
 * callbacks may block (back-pressure), and a cancel of the call interrupts a callback that blocks.
 */
public interface SpeechHandler {

    /** The next piece of the answer's audio, at {@link SpeechConversation#outputSampleRate()}. */
    void onAudio(AudioChunk chunk) throws InterruptedException;

    /** The next piece of the answer's transcript (what the audio says). */
    void onTranscript(String delta) throws InterruptedException;

    /** What the model heard the user say (when it transcribes the input), once known. */
    default void onUserTranscript(String text) throws InterruptedException {
    }
}
