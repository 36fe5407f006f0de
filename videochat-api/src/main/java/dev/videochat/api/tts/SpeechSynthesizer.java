package dev.videochat.api.tts;

import dev.videochat.api.Call;

import java.util.List;

/**
 * A text-to-speech engine. Thread-safe: one instance serves many sessions at once.
 */
public interface SpeechSynthesizer extends AutoCloseable {

    /** The provider name, for messages and metrics. */
    String name();

    /** The voices this engine offers; the first one is its default. Never empty. */
    List<Voice> voices();

    /** The engine's default voice. */
    default Voice defaultVoice() {
        return voices().get(0);
    }

    /**
     * Starts synthesizing {@code text} with {@code voice}. Audio streams to {@code handler}: engines that can,
     * deliver the first chunk before the whole text is synthesized.
     *
     * @throws IllegalArgumentException when the text is blank (nothing is sent to any server)
     */
    Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler);

    @Override
    default void close() {
    }
}
