package dev.videochat.tts.text;

import java.util.regex.Pattern;

/**
 * {@link SpeechTextCleaner} as it was first written, with regular expressions: the reference its scans are held to
 * on text of ordinary length. Quadratic in runs of spaces and recursive in repeated groups, so only for short input.
 */
final class RegexSpeechTextCleaner {

    private static final Pattern FENCE = Pattern.compile("(?m)^\\s*(```|~~~).*$");
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\([^)]*\\)");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|ftp://|www\\.)[^\\s<>()\\[\\]]+");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*(?:\\s[^<>]*)?/?>");
    private static final Pattern INLINE_CODE = Pattern.compile("`+([^`]*)`+");
    private static final Pattern STRONG = Pattern.compile("(\\*\\*|__|~~)(.+?)\\1");
    private static final Pattern EMPHASIS = Pattern.compile("(?<![\\w*])[*_](?=\\S)(.+?)(?<=\\S)[*_](?![\\w*])");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+");
    private static final Pattern QUOTE = Pattern.compile("^\\s*(?:>\\s?)+");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*+•]|\\d{1,3}[.)])\\s+");
    private static final Pattern RULE = Pattern.compile("^\\s*(?:[-*_=]\\s*){3,}$");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\s*\\|?(?:\\s*:?-{2,}:?\\s*\\|)+\\s*:?-*:?\\s*\\|?\\s*$");
    private static final Pattern STRAY_MARKUP = Pattern.compile("[*#`|~^]+");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\u00A0]+");
    private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile(" +([,.;:!?，。；：！？])");

    private RegexSpeechTextCleaner() {
    }

    static String clean(String text) {
        String s = FENCE.matcher(text).replaceAll("");
        s = IMAGE.matcher(s).replaceAll("$1");
        s = LINK.matcher(s).replaceAll("$1");
        s = URL.matcher(s).replaceAll("");
        s = HTML_TAG.matcher(s).replaceAll(" ");
        s = INLINE_CODE.matcher(s).replaceAll("$1");
        s = replaceRepeatedly(STRONG, s, "$2");
        s = replaceRepeatedly(EMPHASIS, s, "$1");
        s = removeEmoji(s);
        StringBuilder out = new StringBuilder(s.length());
        for (String line : s.split("\\R")) {
            if (RULE.matcher(line).matches() || TABLE_SEPARATOR.matcher(line).matches()) {
                continue;
            }
            String l = HEADING.matcher(line).replaceFirst("");
            l = QUOTE.matcher(l).replaceFirst("");
            l = LIST_ITEM.matcher(l).replaceFirst("");
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
        return SPACE_BEFORE_PUNCT.matcher(out).replaceAll("$1").strip();
    }

    private static String replaceRepeatedly(Pattern p, String s, String replacement) {
        String previous;
        do {
            previous = s;
            s = p.matcher(s).replaceAll(replacement);
        } while (!s.equals(previous));
        return s;
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

    private static String removeEmoji(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (!isEmojiPart(cp)) {
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
