package dev.videochat.api.s2s;

import dev.videochat.api.audio.AudioChunk;

import java.util.Optional;

/**
 * One conversation with a speech-to-speech model. One response at a time: a new {@link #respond} while one runs is
 * refused (cancel it first). Close it to end the conversation and its connection.
 */
public interface SpeechConversation extends AutoCloseable {

    /** The rate of the audio the answers come in, Hz. */
    int outputSampleRate();

    /**
     * Sends the user's turn and streams the answer to {@code handler}: audio chunks and transcript deltas as they
     * come.
     *
     * @param audio the user's speech (mono PCM at any rate; resampled as the model needs), or empty
     * @param text  the user's words as text, or empty; at least one of the two is given
     * @throws IllegalArgumentException when both are empty
     * @throws IllegalStateException    while another response runs, or after close
     */
    SpeechCall respond(Optional<AudioChunk> audio, Optional<String> text, SpeechHandler handler);

    @Override
    void close();
}
