package dev.videochat.core.pipeline;

import java.util.List;

/**
 * The part of an interrupted answer the user actually heard: the packets whose media was written in full, then
 * the share of the packet in progress that its written audio covers, rounded to the end of the word it stops in.
 * The chat history keeps this, not the whole answer, so that the language model does not believe it said what the
 * user never heard.
 */
final class PlayedText {

    private PlayedText() {
    }

    /** What of {@code packets} (in order) was played. */
    static String of(List<PacketClock> packets) {
        StringBuilder played = new StringBuilder();
        for (PacketClock clock : packets) {
            if (clock.muxed) {
                played.append(clock.packet.text());
                continue;
            }
            long written = clock.samples;
            long total = Math.max(clock.synthesizedSamples, written);
            if (written > 0 && total > 0) {
                played.append(prefix(clock.packet.text(), (double) written / total));
            }
            break;
        }
        return played.toString();
    }

    /**
     * The first {@code share} of {@code text} by characters, extended to the end of the word it falls in (a word:
     * a run of letters or digits of a script written with spaces; each CJK character is a word of its own).
     */
    static String prefix(String text, double share) {
        if (share >= 1) {
            return text;
        }
        int cut = (int) Math.round(text.length() * Math.max(0, share));
        if (cut <= 0) {
            return "";
        }
        if (Character.isLowSurrogate(text.charAt(Math.min(cut, text.length() - 1))) && cut < text.length()) {
            cut++;
        }
        while (cut < text.length()) {
            int cp = text.codePointAt(cut);
            int before = text.codePointBefore(cut);
            if (!Character.isLetterOrDigit(cp) || !Character.isLetterOrDigit(before) || isIdeographic(before)
                    || isIdeographic(cp)) {
                break;
            }
            cut += Character.charCount(cp);
        }
        return text.substring(0, cut);
    }

    private static boolean isIdeographic(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return Character.isIdeographic(cp) || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
