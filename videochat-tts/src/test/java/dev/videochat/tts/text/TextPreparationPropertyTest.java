package dev.videochat.tts.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cleaning and splitting keep their promises for any text: random markdown-like text and the inputs that once
 * made them quadratic or overflow the stack. The timeouts only guard against a hang; they are far above the time
 * taken.
 */
class TextPreparationPropertyTest {

    private static final String MARKUP = "*#`|~^";
    private static final String LINE_ENDS = "\n\r\u000B\f\u0085\u2028\u2029";
    private static final String FINAL_MARKS = ".,;:!?…。，；：！？、)\"'”’）";

    /** 64 KiB each (the '- ' case as reported), built to defeat backtracking, recursion or repeated scans. */
    static Map<String, String> adversarial() {
        int n = 64 * 1024;
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("spaces then Hi.", " ".repeat(n) + "Hi.");
        inputs.put("newlines then Hi.", "\n".repeat(n) + "Hi.");
        inputs.put("tabs and spaces then a pipe", " \t".repeat(n / 2) + "|");
        inputs.put("'- ' 2,500 times", "- ".repeat(2_500));
        inputs.put("'- ' to 64 KiB", "- ".repeat(n / 2) + "x");
        inputs.put("quote marks", "> ".repeat(n / 2) + "x");
        inputs.put("table cells", "--|".repeat(n / 3) + "x");
        inputs.put("table cells, aligned", "|:--:".repeat(n / 5));
        inputs.put("unclosed emphasis", " *a".repeat(n / 3));
        inputs.put("unclosed strong", "**a ".repeat(n / 4) + "~~");
        inputs.put("nested strong", "~~**".repeat(n / 8) + "a" + "**~~".repeat(n / 8));
        inputs.put("nested emphasis", "*_".repeat(n / 4) + "a" + "_*".repeat(n / 4));
        inputs.put("unclosed images", "![".repeat(n / 2));
        inputs.put("unclosed links", "[a".repeat(n / 2));
        inputs.put("links without targets", "[a]".repeat(n / 3));
        inputs.put("backticks", "`".repeat(n));
        inputs.put("fences", "```\n".repeat(n / 4));
        inputs.put("html openings", "<a ".repeat(n / 3));
        inputs.put("urls", "http://a".repeat(n / 8));
        inputs.put("one letter", "a".repeat(n));
        inputs.put("full stops", ".".repeat(n));
        inputs.put("spaces before full stops", " .".repeat(n / 2));
        inputs.put("Chinese and Latin", "你好，world! 再见。".repeat(n / 14));
        inputs.put("emoji", "😀👍🏽 🇨🇳".repeat(n / 11));
        inputs.put("lone surrogates", "\uD83D*\uDE00_".repeat(n / 4));
        return inputs;
    }

    private static void checkCleaned(String input, String cleaned) {
        checkSpeakable(input, cleaned);
        if (!cleaned.isEmpty()) {
            assertTrue(FINAL_MARKS.indexOf(cleaned.codePointBefore(cleaned.length())) >= 0,
                    "cleaning " + input.length() + " chars left no final mark");
        }
    }

    /** No markup, line ends, tabs, doubled spaces or emoji, nothing around. */
    private static void checkSpeakable(String input, String cleaned) {
        String what = "cleaning " + MarkdownScansTest.escape(input.length() > 60 ? input.substring(0, 60) : input);
        assertEquals(cleaned.strip(), cleaned, what);
        assertFalse(cleaned.contains("  "), what + ": double space");
        assertEquals(cleaned, SpeechTextCleaner.removeEmoji(cleaned), what + ": emoji left");
        for (int i = 0; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            assertTrue(MARKUP.indexOf(c) < 0 && LINE_ENDS.indexOf(c) < 0 && c != '\t', what + ": '" + c + "' left");
        }
    }

    private static void checkPieces(String text, int maxChars, List<String> pieces) {
        int at = 0;
        for (int i = 0; i < pieces.size(); i++) {
            String p = pieces.get(i);
            assertFalse(p.isEmpty(), "piece " + i + " is empty");
            assertTrue(p.length() <= maxChars, "piece " + i + " is " + p.length() + " chars, over " + maxChars);
            assertEquals(p.strip(), p, "piece " + i + " is not stripped");
            at = text.indexOf(p, at);
            assertTrue(at >= 0, "piece " + i + " is not a part of the text");
            at += p.length();
            assertFalse(at < text.length() && Character.isHighSurrogate(text.charAt(at - 1))
                    && Character.isLowSurrogate(text.charAt(at)), "a surrogate pair was cut after piece " + i);
        }
        assertEquals(withoutWhitespace(text), withoutWhitespace(String.join("", pieces)), "nothing is lost");
    }

    private static String withoutWhitespace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().filter(c -> !Character.isWhitespace(c)).forEach(c -> out.append((char) c));
        return out.toString();
    }

    @Test
    @Timeout(20)
    void randomTextIsCleanedAndSplitKeepingEveryPromise() {
        Random random = new Random(99);
        for (int round = 0; round < 5_000; round++) {
            String text = MarkdownText.random(random, 80);
            String cleaned = SpeechTextCleaner.clean(text);
            checkCleaned(text, cleaned);
            int maxChars = 2 + random.nextInt(40);
            checkPieces(text, maxChars, TextSplitter.split(text, maxChars));
            checkPieces(cleaned, maxChars, TextSplitter.split(cleaned, maxChars));
        }
    }

    @Test
    @Timeout(20)
    void adversarialTextIsCleanedAndSplitKeepingEveryPromise() {
        adversarial().forEach((name, text) -> {
            String cleaned = SpeechTextCleaner.clean(text);
            checkCleaned(text, cleaned);
            for (int maxChars : new int[] {2, 60, 1_000}) {
                checkPieces(text, maxChars, TextSplitter.split(text, maxChars));
                checkPieces(cleaned, maxChars, TextSplitter.split(cleaned, maxChars));
            }
        });
    }

    @Test
    @Timeout(20)
    void preparingAdversarialTextGivesPiecesThatFit() {
        TextPreparation preparation = new TextPreparation(true, 1_000);
        adversarial().forEach((name, text) -> {
            for (String piece : preparation.prepare(text)) {
                checkSpeakable(text, piece);
                assertTrue(piece.length() <= 1_000, name);
            }
        });
    }
}
