package dev.videochat.tts.text;

import static dev.videochat.tts.text.MarkdownInline.isRegexSpace;
import static dev.videochat.tts.text.MarkdownInline.skipRegexSpace;

/**
 * The line-level markdown tests of {@link SpeechTextCleaner}, written as single scans: each accepts exactly the
 * lines that the regular expression in its Javadoc matches, without the expression's recursion (one stack frame
 * per repeated group, so {@code "- "} 2,500 times overflowed the stack) or its backtracking (quadratic in a run of
 * spaces). A line here holds no line terminator.
 */
final class MarkdownLines {

    private MarkdownLines() {
    }

    /** A thematic break, {@code ^\s*(?:[-*_=]\s*){3,}$}: only rule marks and spaces, three marks or more. */
    static boolean isRule(String line) {
        int marks = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '-' || c == '*' || c == '_' || c == '=') {
                marks++;
            } else if (!isRegexSpace(c)) {
                return false;
            }
        }
        return marks >= 3;
    }

    /**
     * A table's header separator, {@code ^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$}: cells of two dashes
     * or more (aligned with colons), each closed by a pipe, then an optional last cell and pipe.
     */
    static boolean isTableSeparator(String line) {
        int pipes = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '|') {
                pipes++;
            }
        }
        if (pipes == 0) {
            return false;
        }
        // The parts between pipes: part 0 before the first pipe, part p after the last.
        int[] starts = new int[pipes + 1];
        int[] ends = new int[pipes + 1];
        int part = 0;
        starts[0] = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '|') {
                ends[part] = i;
                starts[++part] = i + 1;
            }
        }
        ends[pipes] = line.length();
        Parts parts = new Parts(line, starts, ends);
        // With a leading pipe, part 0 is blank and the cells start at part 1; without, part 0 is the first cell.
        // The last part is a last cell, or blank after a trailing pipe that closes the last cell.
        int last = pipes;
        return parts.isBlank(0) && parts.fits(1, last)
                || parts.isBlank(0) && parts.isBlank(last) && parts.fits(1, last - 1)
                || parts.fits(0, last)
                || parts.isBlank(last) && parts.fits(0, last - 1);
    }

    /** The parts of a line between its pipes. */
    private record Parts(String line, int[] starts, int[] ends) {

        /** Parts {@code first..last-1} are cells, at least one, and part {@code last} is a last cell. */
        boolean fits(int first, int last) {
            if (last - first < 1) {
                return false;
            }
            for (int p = first; p < last; p++) {
                if (!isCell(p, 2)) {
                    return false;
                }
            }
            return isCell(last, 0);
        }

        boolean isBlank(int p) {
            return skipRegexSpace(line, starts[p]) >= ends[p];
        }

        /** {@code \s*:?-{minDashes,}:?\s*}, or with {@code minDashes} 0 also {@code \s*:?:?\s*}. */
        boolean isCell(int p, int minDashes) {
            int from = skipRegexSpace(line, starts[p]);
            int to = ends[p];
            while (to > from && isRegexSpace(line.charAt(to - 1))) {
                to--;
            }
            if (from < to && line.charAt(from) == ':') {
                from++;
            }
            if (to > from && line.charAt(to - 1) == ':') {
                to--;
            }
            for (int i = from; i < to; i++) {
                if (line.charAt(i) != '-') {
                    return false;
                }
            }
            return to - from >= minDashes;
        }
    }

    /** The line without its block-quote marks, {@code ^\s*(?:>\s?)+} removed; unchanged when it has none. */
    static String stripQuote(String line) {
        int i = skipRegexSpace(line, 0);
        if (i >= line.length() || line.charAt(i) != '>') {
            return line;
        }
        while (i < line.length() && line.charAt(i) == '>') {
            i++;
            if (i < line.length() && isRegexSpace(line.charAt(i))) {
                i++;
            }
        }
        return line.substring(i);
    }
}
