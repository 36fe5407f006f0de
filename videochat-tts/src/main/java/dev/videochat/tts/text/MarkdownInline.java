package dev.videochat.tts.text;

/**
 * The inline markdown steps of {@link SpeechTextCleaner}, each a left-to-right scan that touches every char a
 * bounded number of times, so a message of any length is cleaned in time proportional to its length. Each step
 * gives the result the regular expression named in its Javadoc gives (with {@code replaceAll}), which is how
 * these steps were first written; the expressions backtracked quadratically on long runs of brackets, stars or
 * blank lines and recursed once per repetition.
 */
final class MarkdownInline {

    /** Passes of strong or emphasis removal: enough for markup nested as deep as people write it. */
    static final int MAX_NESTING_PASSES = 8;

    private MarkdownInline() {
    }

    /**
     * Removes code fence lines with the blank lines before them: {@code (?m)^\s*(```|~~~).*$} replaced by
     * nothing. The code between the fences stays.
     */
    static String removeFences(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int p = 0;
        while (p < n) {
            if (isLineStart(s, p)) {
                int q = skipRegexSpace(s, p);
                if (s.startsWith("```", q) || s.startsWith("~~~", q)) {
                    int end = lineEnd(s, q + 3);
                    out = copy(out, s, copied, p);
                    copied = end;
                    p = end;
                    continue;
                }
                // Every line start inside that blank run reaches the same q and fails the same way.
                p = q + 1;
                continue;
            }
            p++;
        }
        return finish(out, s, copied);
    }

    /** {@code !\[([^\]]*)]\([^)]*\)} replaced by the alt text: an image becomes its description. */
    static String replaceImages(String s) {
        return replaceBracketed(s, "![", 0);
    }

    /** {@code \[([^\]]+)]\([^)]*\)} replaced by the link text. */
    static String replaceLinks(String s) {
        return replaceBracketed(s, "[", 1);
    }

    /**
     * Replaces {@code open text](target)} by {@code text}, where text has no {@code ]} and at least
     * {@code minText} chars and target has no {@code )}.
     */
    private static String replaceBracketed(String s, String open, int minText) {
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (true) {
            int i = s.indexOf(open, from);
            if (i < 0) {
                break;
            }
            int textStart = i + open.length();
            int close = s.indexOf(']', textStart);
            if (close < 0) {
                break; // no later opening can be closed either
            }
            if (close - textStart < minText) {
                from = i + 1;
                continue;
            }
            if (close + 1 >= s.length() || s.charAt(close + 1) != '(') {
                from = close + 1; // every opening before this bracket meets it and fails the same way
                continue;
            }
            int end = s.indexOf(')', close + 2);
            if (end < 0) {
                break; // no later opening can find a closing parenthesis either
            }
            out = copy(out, s, copied, i);
            out.append(s, textStart, close);
            copied = end + 1;
            from = end + 1;
        }
        return finish(out, s, copied);
    }

    /**
     * {@code `+([^`]*)`+} replaced by the code: the backticks go, the code stays. An unclosed run of two or more
     * backticks is removed; an unclosed single backtick stays.
     */
    static String replaceInlineCode(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int i = s.indexOf('`');
        while (i >= 0) {
            int runEnd = i;
            while (runEnd < n && s.charAt(runEnd) == '`') {
                runEnd++;
            }
            int close = s.indexOf('`', runEnd);
            if (close >= 0) {
                int closeEnd = close;
                while (closeEnd < n && s.charAt(closeEnd) == '`') {
                    closeEnd++;
                }
                out = copy(out, s, copied, i);
                out.append(s, runEnd, close);
                copied = closeEnd;
                i = closeEnd < n ? s.indexOf('`', closeEnd) : -1;
            } else {
                if (runEnd - i >= 2) {
                    out = copy(out, s, copied, i);
                    copied = runEnd;
                }
                break;
            }
        }
        return finish(out, s, copied);
    }

    /**
     * {@code (\*\*|__|~~)(.+?)\1} replaced by the enclosed text, repeated while it changes something (at most
     * {@link #MAX_NESTING_PASSES} times): strong emphasis and strike-through keep their words.
     */
    static String removeStrong(String s) {
        for (int pass = 0; pass < MAX_NESTING_PASSES; pass++) {
            String next = removeStrongOnce(s);
            if (next.equals(s)) {
                return s;
            }
            s = next;
        }
        return s;
    }

    private static String removeStrongOnce(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        // Where each delimiter next occurs, and the next line end; they only move forward.
        Cursor stars = new Cursor(s, "**");
        Cursor underscores = new Cursor(s, "__");
        Cursor tildes = new Cursor(s, "~~");
        int lineEnd = -1;
        int i = 0;
        while (i + 1 < n) {
            Cursor closing = switch (s.charAt(i)) {
                case '*' -> s.charAt(i + 1) == '*' ? stars : null;
                case '_' -> s.charAt(i + 1) == '_' ? underscores : null;
                case '~' -> s.charAt(i + 1) == '~' ? tildes : null;
                default -> null;
            };
            if (closing == null) {
                i++;
                continue;
            }
            // The enclosed text is at least one char (one code point: a closing delimiter never starts inside a
            // surrogate pair) and does not cross a line end.
            int close = closing.next(i + 3);
            if (lineEnd < i + 2) {
                lineEnd = lineEnd(s, i + 2);
            }
            if (close < 0 || lineEnd <= i + 2 || lineEnd < close) {
                i++;
                continue;
            }
            out = copy(out, s, copied, i);
            out.append(s, i + 2, close);
            copied = close + 2;
            i = close + 2;
        }
        return finish(out, s, copied);
    }

    /**
     * {@code (?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])} replaced by the enclosed text, repeated while it
     * changes something (at most {@link #MAX_NESTING_PASSES} times): emphasis keeps its words, while
     * {@code snake_case} and {@code 2*3*4} stay as they are.
     */
    static String removeEmphasis(String s) {
        for (int pass = 0; pass < MAX_NESTING_PASSES; pass++) {
            String next = removeEmphasisOnce(s);
            if (next.equals(s)) {
                return s;
            }
            s = next;
        }
        return s;
    }

    private static String removeEmphasisOnce(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int closer = -1;
        int lineEnd = -1;
        int i = 0;
        while (i + 1 < n) {
            char c = s.charAt(i);
            boolean opens = (c == '*' || c == '_') && (i == 0 || !isWordOrStar(s.charAt(i - 1)))
                    && !isRegexSpace(s.charAt(i + 1));
            if (!opens) {
                i++;
                continue;
            }
            if (closer < i + 2) {
                closer = nextEmphasisCloser(s, i + 2);
            }
            if (lineEnd < i + 1) {
                lineEnd = lineEnd(s, i + 1);
            }
            if (closer >= n || lineEnd < closer) {
                i++;
                continue;
            }
            out = copy(out, s, copied, i);
            out.append(s, i + 1, closer);
            copied = closer + 1;
            i = closer + 1;
        }
        return finish(out, s, copied);
    }

    /** The first index at or after {@code from} that can close emphasis, or the length of {@code s}. */
    private static int nextEmphasisCloser(String s, int from) {
        int n = s.length();
        for (int j = from; j < n; j++) {
            char c = s.charAt(j);
            if ((c == '*' || c == '_') && !isRegexSpace(s.charAt(j - 1))
                    && (j + 1 == n || !isWordOrStar(s.charAt(j + 1)))) {
                return j;
            }
        }
        return n;
    }

    /** Finds the next occurrence of a two-char delimiter at or after positions that never decrease. */
    private static final class Cursor {
        private final String s;
        private final String delimiter;
        private int found = -2;

        Cursor(String s, String delimiter) {
            this.s = s;
            this.delimiter = delimiter;
        }

        /** The first occurrence at or after {@code from}, or -1; {@code from} must not decrease between calls. */
        int next(int from) {
            if (found == -1) {
                return -1;
            }
            if (found < from) {
                found = s.indexOf(delimiter, from);
            }
            return found;
        }
    }

    /** Where {@code (?m)^} matches: the start, or after a line end (not between CR and LF, not at the end). */
    private static boolean isLineStart(String s, int p) {
        if (p == 0) {
            return true;
        }
        if (p >= s.length()) {
            return false;
        }
        char before = s.charAt(p - 1);
        return isLineTerminator(before) && !(before == '\r' && s.charAt(p) == '\n');
    }

    /** The index of the first line terminator at or after {@code from}, or the length of {@code s}. */
    static int lineEnd(String s, int from) {
        int n = s.length();
        for (int i = Math.max(0, from); i < n; i++) {
            if (isLineTerminator(s.charAt(i))) {
                return i;
            }
        }
        return n;
    }

    /** The chars that end a line for a regular expression's {@code .} and {@code $}. */
    static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** A regular expression's {@code \s}: ASCII whitespace only. */
    static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    static int skipRegexSpace(String s, int from) {
        int i = from;
        while (i < s.length() && isRegexSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A regular expression's {@code [\w*]}: ASCII letters, digits, underscore, star. */
    private static boolean isWordOrStar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '*');
    }

    private static StringBuilder copy(StringBuilder out, String s, int from, int to) {
        if (out == null) {
            out = new StringBuilder(s.length());
        }
        return out.append(s, from, to);
    }

    private static String finish(StringBuilder out, String s, int copied) {
        return out == null ? s : out.append(s, copied, s.length()).toString();
    }
}
