package dev.videochat.tts.text;

import java.util.Random;

/** Random text made of the pieces markdown, chat answers and their edge cases are made of, for property tests. */
final class MarkdownText {

    private static final String[] PIECES = {
        "a", "b", "word", "Hi", "x_y", "3", "12", " ", " ", "  ", "\t", "\n", "\n", "\r\n", "\r", "*", "**", "***",
        "_", "__", "~", "~~", "`", "``", "```", "~~~", "[", "]", "(", ")", "![", "!", "#", "## ", ">", "> ", "-",
        "- ", "|", ":", "---", "=", ".", ",", "?", "1. ", "2)", "<b>", "</i>", "<a href=x>", "<", "http://x.y/z",
        "www.a.b", "你好", "。", "，", "😀", "👍🏽", "\u2028", "\u0085", "\u000B", "\f", "\u00A0", "•", "+", "^",
        "\"", "'", "\uD83D", "\uDE00", "$1", "\\",
    };

    private MarkdownText() {
    }

    /** Up to {@code maxPieces} random pieces, unpaired surrogates among them. */
    static String random(Random random, int maxPieces) {
        StringBuilder s = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    /** Up to {@code maxPieces} random pieces, well-formed UTF-16 (every surrogate paired). */
    static String wellFormed(Random random, int maxPieces) {
        StringBuilder s = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        while (pieces > 0) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            if (piece.length() != 1 || !Character.isSurrogate(piece.charAt(0))) {
                s.append(piece);
                pieces--;
            }
        }
        return s.toString();
    }
}
