package dev.videochat.asr.funasr;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SenseVoice sentence without its tags. SenseVoice, as the 2pass server's offline model, starts each sentence
 * with {@code <|zh|><|NEUTRAL|><|Speech|>} (language, emotion, audio event, sometimes {@code <|withitn|>}).
 *
 * @param text     the words
 * @param language the language tag ({@code zh}, {@code en}, {@code yue}, {@code ja}, {@code ko}), or {@code ""}
 */
record SenseVoiceText(String text, String language) {

    private static final Pattern TAG = Pattern.compile("<\\|([^|<>]*)\\|>");
    private static final Set<String> LANGUAGES = Set.of("zh", "en", "yue", "ja", "ko");

    /** Strips every {@code <|…|>} tag; the first tag naming a language gives {@link #language()}. */
    static SenseVoiceText of(String raw) {
        if (raw.indexOf("<|") < 0) {
            return new SenseVoiceText(raw, "");
        }
        Matcher m = TAG.matcher(raw);
        String language = "";
        StringBuilder out = new StringBuilder(raw.length());
        while (m.find()) {
            String tag = m.group(1).toLowerCase(Locale.ROOT);
            if (language.isEmpty() && LANGUAGES.contains(tag)) {
                language = tag;
            }
            m.appendReplacement(out, "");
        }
        m.appendTail(out);
        return new SenseVoiceText(out.toString().strip(), language);
    }
}
