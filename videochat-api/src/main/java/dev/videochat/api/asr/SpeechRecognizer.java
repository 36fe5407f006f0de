package dev.videochat.api.asr;

import dev.videochat.api.Call;
import dev.videochat.api.audio.AudioChunk;

/** A speech-to-text engine. Thread-safe: one instance serves many sessions at once. */
public interface SpeechRecognizer extends AutoCloseable {

    /** The provider name, for messages and metrics. */
    String name();

    /** The sample rate (Hz) this engine wants; callers resample to it. */
    int sampleRate();

    /**
     * Transcribes a whole clip.
     *
     * @throws IllegalArgumentException when the clip is empty or not at {@link #sampleRate()}
     */
    Call<Transcript> transcribe(AudioChunk clip);

    /** Opens a streaming recognition reporting to {@code handler}. */
    RecognitionSession open(TranscriptHandler handler);

    @Override
    default void close() {
    }
}
