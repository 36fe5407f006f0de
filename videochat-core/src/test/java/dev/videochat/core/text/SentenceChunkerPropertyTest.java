package dev.videochat.core.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunker's rules hold for any text, however it is cut into deltas: random text and the inputs that once made
 * text preparation slow or crash. The timeouts only guard against a hang; they are far above the time taken.
 */
class SentenceChunkerPropertyTest {

    private static final String[] PIECES = {
        "a", "word", "Hi", "3", "14", " ", "  ", "\t", "\n", "\u3000", ".", ",", "!", "?", "...", "?!", ":", ";",
        "。", "，", "！", "？", "、", "”", "“", "》", "你好", "世界", "- ", "*", "😀", "👍🏽", "\uD83D", "\uDE00",
        "e.g.", "3.14", "1,000", "10:30",
    };
    private static final int[] MIN_CHARS = {0, 1, 10, 1_000};

    private static String randomText(Random random, int maxPieces) {
        StringBuilder s = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    /** Text that once made text preparation slow (quadratic) or overflow the stack, 64 KiB each. */
    static Map<String, String> adversarial() {
        int n = 64 * 1024;
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("spaces then Hi.", " ".repeat(n) + "Hi.");
        inputs.put("newlines then Hi.", "\n".repeat(n) + "Hi.");
        inputs.put("'- ' 2,500 times", "- ".repeat(2_500));
        inputs.put("one letter", "a".repeat(n));
        inputs.put("full stops", ".".repeat(n));
        inputs.put("comma and space", ", ".repeat(n / 2));
        inputs.put("a word, then spaced commas", "Hi. x" + " ,".repeat(n / 2));
        inputs.put("spaces between short sentences", ("a." + " ".repeat(1_000)).repeat(64));
        inputs.put("Chinese and Latin", "你好，world! 再见。".repeat(n / 14));
        inputs.put("emoji", "😀👍🏽 ".repeat(n / 7));
        inputs.put("lone surrogates", "\uD83D.\uDE00 ".repeat(n / 4));
        return inputs;
    }

    private static List<String> chunk(String text, int minChars, Random random, int maxDelta) {
        SentenceChunker chunker = new SentenceChunker(minChars);
        List<String> packets = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = Math.min(text.length(), at + 1 + random.nextInt(maxDelta));
            packets.addAll(chunker.accept(text.substring(at, end)));
            at = end;
        }
        packets.addAll(chunker.flush());
        return packets;
    }

    private static void checkRules(String text, int minChars, List<String> packets) {
        assertEquals(text, String.join("", packets), "the packets joined are the text");
        for (int i = 0; i < packets.size(); i++) {
            String p = packets.get(i);
            assertFalse(p.isEmpty(), "packet " + i + " is empty");
            if (i < packets.size() - 1) {
                assertTrue(p.codePoints().anyMatch(Character::isLetterOrDigit), "packet " + i + " has no word");
            }
            if (i > 0 && i < packets.size() - 1) {
                String stripped = p.strip();
                assertTrue(stripped.codePointCount(0, stripped.length()) >= minChars,
                        "packet " + i + " is shorter than " + minChars);
            }
        }
    }

    @Test
    @Timeout(20)
    void randomTextKeepsEveryRuleWhateverTheDeltas() {
        Random random = new Random(2024);
        for (int round = 0; round < 3_000; round++) {
            String text = randomText(random, 60);
            int minChars = MIN_CHARS[random.nextInt(MIN_CHARS.length)];
            List<String> whole = chunk(text, minChars, random, Integer.MAX_VALUE - 1);
            checkRules(text, minChars, whole);
            assertEquals(whole, chunk(text, minChars, random, 1 + random.nextInt(8)), "round " + round);
        }
    }

    @Test
    @Timeout(20)
    void adversarialTextKeepsEveryRuleWhateverTheDeltas() {
        Random random = new Random(13);
        adversarial().forEach((name, text) -> {
            for (int minChars : MIN_CHARS) {
                List<String> whole = chunk(text, minChars, random, Integer.MAX_VALUE - 1);
                checkRules(text, minChars, whole);
                assertEquals(whole, chunk(text, minChars, random, 64), name + ", minChars " + minChars);
            }
        });
    }
}
