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
        List<String> pieces = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > maxChars) {
            int cut = lastBreak(rest, maxChars, SENTENCE_ENDS);
            if (cut <= 0) {
                cut = lastBreak(rest, maxChars, CLAUSE_ENDS);
            }
            if (cut <= 0) {
                cut = lastSpace(rest, maxChars);
            }
            if (cut <= 0) {
                cut = Character.isHighSurrogate(rest.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
            }
            add(pieces, rest.substring(0, cut));
            rest = rest.substring(cut).strip();
        }
        add(pieces, rest);
        return pieces;
    }

    /** The index just after the last mark of {@code marks} within the first {@code max} chars, or 0. */
    private static int lastBreak(String s, int max, String marks) {
        for (int i = max - 1; i > 0; i--) {
            if (marks.indexOf(s.charAt(i)) >= 0) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int lastSpace(String s, int max) {
        for (int i = max; i > 0; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    private static void add(List<String> pieces, String piece) {
        String p = piece.strip();
        if (!p.isEmpty()) {
            pieces.add(p);
        }
    }
}
