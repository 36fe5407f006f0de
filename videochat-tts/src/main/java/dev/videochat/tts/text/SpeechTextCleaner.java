package dev.videochat.tts.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text a language model writes into text worth reading aloud: markdown markup is removed but its words
 * kept (link text, emphasis, list items, headings), URLs and emoji are dropped, and each line that ends without
 * punctuation gets a full stop so the voice pauses between list items. Every engine of this module runs its
 * input through {@link #clean(String)} unless the {@code clean-text} setting is {@code false}. Stateless and
 * thread-safe.
 */
public final class SpeechTextCleaner {

    // These expressions run in one pass each: every attempt either fails within a char or two or consumes what
    // it scanned. The markup whose expressions backtracked or recursed is handled by MarkdownInline/MarkdownLines.
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|ftp://|www\\.)[^\\s<>()\\[\\]]+");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*(?:\\s[^<>]*)?/?>");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*+•]|\\d{1,3}[.)])\\s+");
    private static final Pattern STRAY_MARKUP = Pattern.compile("[*#`|~^]+");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\u00A0]+");
    private static final String CLOSING_PUNCTUATION = ",.;:!?，。；：！？";

    private SpeechTextCleaner() {
    }

    /** The speakable form of {@code text}; possibly empty when nothing speakable is left (only emoji, say). */
    public static String clean(String text) {
        String s = MarkdownInline.removeFences(text);
        s = MarkdownInline.replaceImages(s);
        s = MarkdownInline.replaceLinks(s);
        s = URL.matcher(s).replaceAll("");
        s = HTML_TAG.matcher(s).replaceAll(" ");
        s = MarkdownInline.replaceInlineCode(s);
        s = MarkdownInline.removeStrong(s);
        s = MarkdownInline.removeEmphasis(s);
        s = removeEmoji(s);
        StringBuilder out = new StringBuilder(s.length());
        for (String line : s.split("\\R")) {
            if (line.isBlank() || MarkdownLines.isRule(line) || MarkdownLines.isTableSeparator(line)) {
                continue;
            }
            String l = withoutPrefix(HEADING, line);
            l = MarkdownLines.stripQuote(l);
            l = withoutPrefix(LIST_ITEM, l);
            l = l.replace('|', ',');
            l = STRAY_MARKUP.matcher(l).replaceAll(" ");
            l = SPACES.matcher(l).replaceAll(" ").strip();
            l = stripLeadingCommas(l);
            if (l.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(l);
            if (!endsWithPunctuation(l)) {
                out.append(isCjk(l.codePointBefore(l.length())) ? '。' : '.');
            }
        }
        return withoutSpaceBeforePunctuation(out).strip();
    }

    /** {@code line} without what {@code prefix} (anchored with {@code ^}) matches at its start. */
    private static String withoutPrefix(Pattern prefix, String line) {
        Matcher m = prefix.matcher(line);
        return m.lookingAt() ? line.substring(m.end()) : line;
    }

    /** {@code " +([,.;:!?，。；：！？])"} replaced by the mark: no space before a closing mark. */
    private static String withoutSpaceBeforePunctuation(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        int spacesFrom = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                spacesFrom = spacesFrom < 0 ? i : spacesFrom;
                continue;
            }
            if (spacesFrom >= 0 && CLOSING_PUNCTUATION.indexOf(c) < 0) {
                out.append(s, spacesFrom, i);
            }
            spacesFrom = -1;
            out.append(c);
        }
        return (spacesFrom >= 0 ? out.append(s, spacesFrom, s.length()) : out).toString();
    }

    private static String stripLeadingCommas(String l) {
        int i = 0;
        while (i < l.length() && (l.charAt(i) == ',' || l.charAt(i) == ' ')) {
            i++;
        }
        int j = l.length();
        while (j > i && (l.charAt(j - 1) == ',' || l.charAt(j - 1) == ' ')) {
            j--;
        }
        return l.substring(i, j);
    }

    /**
     * Removes emoji, their modifiers and joiners, pictographs and dingbats; keeps letters of every script. Also
     * removes unpaired surrogates: they are not speakable, and two around an emoji would pair up once it is gone.
     */
    static String removeEmoji(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (!isEmojiPart(cp) && (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean isEmojiPart(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF)   // mahjong .. symbols and pictographs extended-A (incl. flags, skin tones)
                || (cp >= 0x2600 && cp <= 0x27BF)  // miscellaneous symbols, dingbats
                || (cp >= 0x2B00 && cp <= 0x2BFF && Character.getType(cp) == Character.OTHER_SYMBOL)
                || (cp >= 0x2300 && cp <= 0x23FF && Character.getType(cp) == Character.OTHER_SYMBOL)
                || cp == 0x200D || cp == 0x20E3       // zero-width joiner, combining keycap
                || (cp >= 0xFE00 && cp <= 0xFE0F)     // variation selectors
                || (cp >= 0xE0020 && cp <= 0xE007F);  // tag characters (subdivision flags)
    }

    private static boolean endsWithPunctuation(String l) {
        int last = l.codePointBefore(l.length());
        return ".,;:!?…。，；：！？、)\"'”’）".indexOf(last) >= 0;
    }

    private static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
