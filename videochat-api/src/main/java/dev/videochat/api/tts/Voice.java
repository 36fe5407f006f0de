package dev.videochat.api.tts;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A voice of a speech synthesizer, and the languages it can speak.
 *
 * <p>{@code language} is the voice's own language (it picks the default prompts, for example); {@code speaks} is
 * every language whose words the voice pronounces correctly, as lower-case primary language subtags: a CosyVoice or
 * edge-tts Chinese voice also reads English words ({@code zh}, {@code en}), FreeTTS's kevin16 reads English only
 * ({@code en}). A text in a language outside {@code speaks} is not spoken correctly (FreeTTS drops Chinese
 * characters without a word), which is what {@code dev.videochat.core.tts.MultilingualSynthesizer} checks before it
 * routes text to a voice.
 *
 * @param id       the engine's own name for the voice (for example {@code "kevin16"}, {@code "zh-CN-XiaoxiaoNeural"})
 * @param language a BCP 47 language tag the voice speaks (for example {@code "en"}, {@code "zh-CN"})
 * @param speaks   the primary language subtags the voice can speak (for example {@code [en, zh]}); stored in lower
 *                 case, always including the primary subtag of {@code language}; empty when the voice's language
 *                 is unknown
 */
public record Voice(String id, String language, Set<String> speaks) {

    public Voice {
        Objects.requireNonNull(id, "voice id");
        Objects.requireNonNull(language, "voice language");
        Objects.requireNonNull(speaks, "voice speaks");
        if (id.isBlank()) {
            throw new IllegalArgumentException("voice id must not be blank");
        }
        Set<String> normalised = new TreeSet<>();
        String own = primaryLanguage(language);
        if (!own.isEmpty()) {
            normalised.add(own);
        }
        for (String tag : speaks) {
            String primary = primaryLanguage(Objects.requireNonNull(tag, "a language in speaks"));
            if (!primary.isEmpty()) {
                normalised.add(primary);
            }
        }
        speaks = Set.copyOf(normalised);
    }

    /** A voice that speaks its own language only: {@code speaks} is the primary subtag of {@code language}. */
    public Voice(String id, String language) {
        this(id, language, Set.of(primaryLanguage(Objects.requireNonNull(language, "voice language"))));
    }

    /** Whether the voice can speak {@code languageTag} (any BCP 47 tag; only its primary subtag counts). */
    public boolean canSpeak(String languageTag) {
        return speaks.contains(primaryLanguage(languageTag));
    }

    /**
     * The primary language subtag of a BCP 47 tag, in lower case: {@code "zh"} for {@code "zh-CN"}, {@code "en"} for
     * {@code "en_US"}; empty when the tag has none (for example {@code "-"}).
     */
    public static String primaryLanguage(String languageTag) {
        Objects.requireNonNull(languageTag, "languageTag");
        String tag = languageTag.strip();
        int end = 0;
        while (end < tag.length() && tag.charAt(end) != '-' && tag.charAt(end) != '_') {
            end++;
        }
        return tag.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
