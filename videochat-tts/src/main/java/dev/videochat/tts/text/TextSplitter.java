package dev.videochat.tts.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text that is longer than an engine accepts into pieces of at most a given length, preferring to cut after
 * a sentence end, then after a clause mark, then at a space, and only then inside a word. Pieces keep their
 * punctuation and are stripped of surrounding spaces; none is empty. Stateless and thread-safe.
 */
public final class TextSplitter {

    private static final String SENTENCE_ENDS = ".!?…。！？\n";
    private static final String CLAUSE_ENDS = ",;:，；：、";

    private TextSplitter() {
    }

    /**
     * Splits {@code text} into pieces of at most {@code maxChars} UTF-16 chars (a surrogate pair is never cut).
     *
     * @throws IllegalArgumentException when {@code maxChars} is below 2
     */
    public static List<String> split(String text, int maxChars) {
        if (maxChars < 2) {
            throw new IllegalArgumentException("maxChars must be >= 2, got " + maxChars);
        }
        // Indices into text rather than substrings of what is left, so each char is copied once.
        List<String> pieces = new ArrayList<>();
        int end = stripEnd(text, text.length());
        int start = stripStart(text, 0, end);
        while (end - start > maxChars) {
            int cut = lastBreak(text, start, maxChars, SENTENCE_ENDS);
            if (cut <= 0) {
                cut = lastBreak(text, start, maxChars, CLAUSE_ENDS);
            }
            if (cut <= 0) {
                cut = lastSpace(text, start, maxChars);
            }
            if (cut <= 0) {
                cut = Character.isHighSurrogate(text.charAt(start + maxChars - 1)) ? maxChars - 1 : maxChars;
            }
            add(pieces, text, start, start + cut);
            start = stripStart(text, start + cut, end);
        }
        add(pieces, text, start, end);
        return pieces;
    }

    /** After the last mark of {@code marks} within the {@code max} chars from {@code start}, relative, or 0. */
    private static int lastBreak(String s, int start, int max, String marks) {
        for (int i = max - 1; i > 0; i--) {
            if (marks.indexOf(s.charAt(start + i)) >= 0) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int lastSpace(String s, int start, int max) {
        for (int i = max; i > 0; i--) {
            if (Character.isWhitespace(s.charAt(start + i))) {
                return i;
            }
        }
        return 0;
    }

    /** The first index at or after {@code from} that is not whitespace ({@link String#strip()}'s), or {@code end}. */
    private static int stripStart(String s, int from, int end) {
        int i = from;
        while (i < end && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int stripEnd(String s, int end) {
        int i = end;
        while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static void add(List<String> pieces, String s, int from, int to) {
        int end = stripEnd(s, to);
        if (end > from) {
            pieces.add(s.substring(from, end));
        }
    }
}
