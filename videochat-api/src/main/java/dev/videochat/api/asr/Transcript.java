package dev.videochat.api.asr;

import java.time.Duration;
import java.util.Objects;

/**
 * Recognized text.
 *
 * @param text     the words, possibly empty when nothing was said
 * @param language the detected or configured language tag, or {@code ""} when unknown
 * @param audio    how much audio it covers
 */
public record Transcript(String text, String language, Duration audio) {

    public Transcript {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(audio, "audio");
    }
}
