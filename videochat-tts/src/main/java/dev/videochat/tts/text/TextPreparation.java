package dev.videochat.tts.text;

import java.util.List;
import java.util.Objects;

/**
 * What every engine does to text before synthesizing it: reject blank text, clean it for speech (unless turned
 * off) and cut it into pieces the engine accepts. Immutable.
 *
 * @param clean    whether {@link SpeechTextCleaner} runs (setting {@value #CLEAN_TEXT}, builder method
 *                 {@code cleanText(boolean)}, default {@code true})
 * @param maxChars the longest piece sent to the engine at once, in UTF-16 chars (setting {@value #MAX_CHARS}, builder
 *                 method {@code maxChars(int)}, whose bounds are each engine's own)
 */
public record TextPreparation(boolean clean, int maxChars) {

    /** Setting key: {@code true} (default) to remove markdown, emoji and URLs before synthesis. */
    public static final String CLEAN_TEXT = "clean-text";
    /** Setting key: the longest piece of text synthesized at once, in chars; longer text is split. */
    public static final String MAX_CHARS = "max-chars";

    public TextPreparation {
        if (maxChars < 2) {
            throw new IllegalArgumentException("maxChars must be >= 2, got " + maxChars);
        }
    }

    /**
     * The pieces to synthesize, in order; empty when cleaning left nothing to say (only emoji, say).
     *
     * @throws IllegalArgumentException when {@code text} is blank
     */
    public List<String> prepare(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text to synthesize must not be blank");
        }
        return TextSplitter.split(clean ? SpeechTextCleaner.clean(text) : text, maxChars);
    }
}
