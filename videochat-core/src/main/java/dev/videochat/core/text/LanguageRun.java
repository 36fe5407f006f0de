package dev.videochat.core.text;

import java.util.Objects;

/**
 * A stretch of text in one language, as cut by {@link TextLanguages}.
 *
 * @param language the primary language subtag of the run's script (for example {@code "zh"}, {@code "en"}), or
 *                 {@link TextLanguages#UNDETERMINED} for numbers with no word around them
 * @param text     the run's text, with the punctuation, spaces and numbers that belong to it; never blank
 */
public record LanguageRun(String language, String text) {

    public LanguageRun {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a language run must not be blank");
        }
    }
}
