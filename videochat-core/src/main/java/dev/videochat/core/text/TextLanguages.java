package dev.videochat.core.text;

import dev.videochat.api.tts.Voice;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the languages of a text packet by Unicode script and cuts it into runs, one per language, so each run can
 * go to a voice that speaks it. Han is Chinese unless the text also has kana (then Japanese); Hiragana and Katakana
 * are Japanese; Hangul Korean; Latin English (configurable: {@link #withLatinAs(String)}); Cyrillic Russian; Greek,
 * Arabic, Hebrew, Thai, Devanagari and a few more map to their main language.
 *
 * <p>Characters of no script (spaces, punctuation, emoji, digits) stay with a neighbouring run: with the run before
 * them, except a number written against the following word ({@code "Hello 2026年"}: {@code "2026年"} is Chinese),
 * and those at the very start, which go with the first run. A text with letters of no known script, or with none at
 * all (emoji, punctuation), has no run; a text of numbers only is one {@link #UNDETERMINED} run. Immutable and
 * thread-safe.
 */
public final class TextLanguages {

    /** The BCP 47 subtag for "undetermined": a run of numbers that any voice may read. */
    public static final String UNDETERMINED = "und";

    private static final TextLanguages DEFAULT = new TextLanguages("en");

    private final String latin;

    private TextLanguages(String latin) {
        this.latin = latin;
    }

    /** Latin script read as English. */
    public static TextLanguages standard() {
        return DEFAULT;
    }

    /** Latin script read as {@code languageTag} (its primary subtag, for example {@code "de"}). */
    public static TextLanguages withLatinAs(String languageTag) {
        String primary = Voice.primaryLanguage(Objects.requireNonNull(languageTag, "languageTag"));
        if (primary.isEmpty()) {
            throw new IllegalArgumentException("not a language tag: '" + languageTag + "'");
        }
        return new TextLanguages(primary);
    }

    /**
     * The runs of {@code text}, in order; concatenated, they give back the text (less any leading or trailing
     * text that belongs to no run, which is only ever spaces, punctuation or emoji of a text without letters).
     */
    public List<LanguageRun> runs(String text) {
        Objects.requireNonNull(text, "text");
        boolean kana = text.codePoints().anyMatch(cp -> isKana(UnicodeScript.of(cp)));
        List<Piece> pieces = pieces(text, kana);
        List<LanguageRun> runs = new ArrayList<>();
        StringBuilder pending = new StringBuilder(); // neutral text before the first run
        String language = null;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            Piece piece = pieces.get(i);
            if (piece.language != null) {
                if (language == null) {
                    language = piece.language;
                    current.append(pending).append(piece.text);
                    pending.setLength(0);
                } else if (language.equals(piece.language)) {
                    current.append(piece.text);
                } else {
                    runs.add(new LanguageRun(language, current.toString()));
                    current.setLength(0);
                    current.append(piece.text);
                    language = piece.language;
                }
                continue;
            }
            if (language == null) {
                pending.append(piece.text);
                continue;
            }
            // Neutral text after a run: a number touching the next word belongs to that word's run.
            Piece next = i + 1 < pieces.size() ? pieces.get(i + 1) : null;
            int split = next == null || next.language.equals(language) ? piece.text.length()
                    : numberTouchingNext(piece.text);
            current.append(piece.text, 0, split);
            if (split < piece.text.length()) {
                runs.add(new LanguageRun(language, current.toString()));
                current.setLength(0);
                current.append(piece.text, split, piece.text.length());
                language = next.language;
            }
        }
        if (language != null) {
            runs.add(new LanguageRun(language, current.toString()));
        } else if (pending.chars().anyMatch(Character::isDigit)) {
            runs.add(new LanguageRun(UNDETERMINED, pending.toString()));
        }
        return List.copyOf(runs);
    }

    /** The languages of {@code text}, in order of first appearance, without repeats. */
    public List<String> languages(String text) {
        return runs(text).stream().map(LanguageRun::language).distinct().toList();
    }

    /** Where the neutral text's last word starts, if that word holds a digit; otherwise its length. */
    private static int numberTouchingNext(String neutral) {
        int start = neutral.length();
        while (start > 0 && !Character.isWhitespace(neutral.charAt(start - 1))) {
            start--;
        }
        for (int i = start; i < neutral.length(); i++) {
            if (Character.isDigit(neutral.charAt(i))) {
                return start;
            }
        }
        return neutral.length();
    }

    /** A stretch of letters of one language, or of neutral characters ({@code language == null}). */
    private record Piece(String language, String text) {
    }

    private List<Piece> pieces(String text, boolean kana) {
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        String pieceLanguage = null;
        boolean first = true;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String language = languageOf(cp, kana);
            if (language == null && !isNeutral(cp)) {
                // Letters of a script we do not map: keep them with the neighbouring text rather than lose them.
                language = pieceLanguage;
            }
            if (!first && !Objects.equals(language, pieceLanguage)) {
                pieces.add(new Piece(pieceLanguage, text.substring(start, i)));
                start = i;
            }
            pieceLanguage = language;
            first = false;
            i += Character.charCount(cp);
        }
        if (!first) {
            pieces.add(new Piece(pieceLanguage, text.substring(start)));
        }
        return pieces;
    }

    private String languageOf(int cp, boolean kana) {
        UnicodeScript script = UnicodeScript.of(cp);
        return switch (script) {
            case HAN -> kana ? "ja" : "zh";
            case BOPOMOFO -> "zh";
            case HIRAGANA, KATAKANA -> "ja";
            case HANGUL -> "ko";
            case LATIN -> Character.isLetter(cp) ? latin : null;
            case CYRILLIC -> "ru";
            case GREEK -> "el";
            case ARABIC -> "ar";
            case HEBREW -> "he";
            case THAI -> "th";
            case DEVANAGARI -> "hi";
            case ARMENIAN -> "hy";
            case GEORGIAN -> "ka";
            case TAMIL -> "ta";
            case BENGALI -> "bn";
            default -> null;
        };
    }

    /** Spaces, punctuation, symbols, digits, emoji and combining marks: characters that carry no language. */
    private static boolean isNeutral(int cp) {
        UnicodeScript script = UnicodeScript.of(cp);
        return script == UnicodeScript.COMMON || script == UnicodeScript.INHERITED || script == UnicodeScript.UNKNOWN
                || !Character.isLetter(cp);
    }

    private static boolean isKana(UnicodeScript script) {
        return script == UnicodeScript.HIRAGANA || script == UnicodeScript.KATAKANA;
    }
}
