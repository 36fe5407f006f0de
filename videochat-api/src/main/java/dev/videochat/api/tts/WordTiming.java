package dev.videochat.api.tts;

import java.time.Duration;
import java.util.Objects;

/**
 * When a word (or phoneme) is spoken within one synthesis, as reported by engines that know it (edge-tts
 * word boundaries, for example). Lip-sync renderers may use it.
 *
 * @param text     the word or phoneme
 * @param offset   from the start of the synthesized audio
 * @param duration how long it is spoken
 */
public record WordTiming(String text, Duration offset, Duration duration) {

    public WordTiming {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(duration, "duration");
        if (offset.isNegative() || duration.isNegative()) {
            throw new IllegalArgumentException("word timing must not be negative: " + offset + " / " + duration);
        }
    }
}
