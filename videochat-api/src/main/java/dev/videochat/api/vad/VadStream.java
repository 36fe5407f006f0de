package dev.videochat.api.vad;

/**
 * One audio stream's detector state. Not thread-safe: feed it from one thread, in order.
 */
public interface VadStream extends AutoCloseable {

    /**
     * The probability, from 0 to 1, that {@code frame} is speech, given every frame fed before it.
     *
     * @param frame exactly {@link VoiceActivityDetector#frameSamples()} mono 16-bit samples at
     *              {@link VoiceActivityDetector#sampleRate()}
     * @throws IllegalArgumentException when the frame has another length
     */
    float speechProbability(short[] frame);

    /** Forgets everything fed so far, as if the stream were new. */
    void reset();

    /** Frees the stream's state. */
    @Override
    void close();
}
