package dev.videochat.api.vad;

/**
 * A voice activity detection engine (Silero VAD, FSMN-VAD): tells, frame by frame, how likely a stretch of audio is
 * to be speech. Heavy and shared: one instance (one loaded model) serves many audio streams at once; each stream has
 * its own {@link VadStream} with its own recurrent state. Thread-safe. The end-pointing (when an utterance starts and
 * ends) is not its job: that is the SDK's endpointer, which works on the probabilities of any detector.
 */
public interface VoiceActivityDetector extends AutoCloseable {

    /** The provider name, for messages and metrics. */
    String name();

    /** The rate the detector takes, Hz (16,000 for both Silero and FSMN). */
    int sampleRate();

    /** How many samples (at {@link #sampleRate()}) each call of {@link VadStream#speechProbability} takes. */
    int frameSamples();

    /** Starts a new audio stream with fresh state. */
    VadStream open();

    /** Frees the model. Streams still open must not be used afterwards. */
    @Override
    void close();
}
