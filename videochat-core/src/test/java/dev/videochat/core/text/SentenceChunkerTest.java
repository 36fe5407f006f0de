package dev.videochat.core.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceChunkerTest {

    private static List<String> chunkWhole(SentenceChunker chunker, String text) {
        List<String> out = new ArrayList<>(chunker.accept(text));
        out.addAll(chunker.flush());
        return out;
    }

    @Test
    void theFirstChineseSentenceIsAPacketAtOnceAndLaterOnesGatherToTheMinimum() {
        String text = "你好！我是数字人。很高兴见到你，今天想聊点什么呢？我们可以聊天气。";
        List<String> packets = chunkWhole(new SentenceChunker(10), text);
        assertEquals(List.of("你好！", "我是数字人。很高兴见到你，", "今天想聊点什么呢？我们可以聊天气。"), packets);
    }

    @Test
    void englishKeepsTheSpacesBetweenWordsAndSentences() {
        String text = "Hello there! I am your digital human. Ask me anything you like, and I will answer.";
        List<String> packets = chunkWhole(new SentenceChunker(10), text);
        assertEquals(List.of("Hello there! ", "I am your digital human. ", "Ask me anything you like, ",
                "and I will answer."), packets);
        assertEquals(text, String.join("", packets));
    }

    @Test
    void aPunctuationRunStaysWithItsSentence() {
        List<String> packets = chunkWhole(new SentenceChunker(0), "他说：“好的。”然后走了！！下一句?!好");
        assertEquals(List.of("他说：", "“好的。”", "然后走了！！", "下一句?!", "好"), packets);
    }

    @Test
    void numbersAbbreviationsAndHostnamesAreNotCut() {
        List<String> packets = chunkWhole(new SentenceChunker(0),
                "Pi is 3.14, roughly. It costs 1,000 dollars at 10:30 on example.com today.");
        assertEquals(List.of("Pi is 3.14, ", "roughly. ", "It costs 1,000 dollars at 10:30 on example.com today."),
                packets);
    }

    @Test
    void asciiPunctuationBetweenChineseCharactersStillSplits() {
        List<String> packets = chunkWhole(new SentenceChunker(0), "你好,世界.再见");
        assertEquals(List.of("你好,", "世界.", "再见"), packets);
    }

    @Test
    void aSentenceWithoutWordsJoinsTheNextPacket() {
        List<String> packets = chunkWhole(new SentenceChunker(0), "... Well, okay.");
        assertEquals(List.of("... Well, ", "okay."), packets);
    }

    @Test
    void mixedChineseAndEnglishKeepsEveryCharacter() {
        String text = "我们用 Java 17 写代码，and it runs on a GPU. 速度很快！Latency is about 1.5 s. 好吗？";
        List<String> packets = chunkWhole(new SentenceChunker(10), text);
        assertEquals(text, String.join("", packets));
        // The first sentence at once; then "速度很快！" (5 characters) waits for the next sentence to reach 10; the
        // decimal point in "1.5" is no boundary; the remainder comes with flush().
        assertEquals(List.of("我们用 Java 17 写代码，", "and it runs on a GPU. ", "速度很快！Latency is about 1.5 s. ", "好吗？"),
                packets);
        for (String p : packets.subList(1, packets.size() - 1)) {
            assertTrue(p.strip().codePointCount(0, p.strip().length()) >= 10, p);
        }
    }

    @Test
    void flushReturnsTheRemainderAndStartsANewTurn() {
        SentenceChunker chunker = new SentenceChunker(10);
        assertEquals(List.of("One. "), chunker.accept("One. Two"));
        assertEquals(List.of("Two"), chunker.flush());
        assertEquals(List.of(), chunker.flush());
        assertEquals(List.of("Again. "), chunker.accept("Again. x"), "the next turn's first sentence goes at once");
    }

    @Test
    void aSplitCharacterIsOnlyFinalWhenTheNextCharacterArrives() {
        SentenceChunker chunker = new SentenceChunker(10);
        assertEquals(List.of(), chunker.accept("Hello."));
        assertEquals(List.of(), chunker.accept(" "));
        assertEquals(List.of("Hello. "), chunker.accept("W"));
    }

    @Test
    void surrogatePairsSplitAcrossDeltasSurviveIntact() {
        String text = "Smile 😀! Rocket 🚀 launch. 好的😀。";
        SentenceChunker chunker = new SentenceChunker(0);
        List<String> packets = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            packets.addAll(chunker.accept(text.substring(i, i + 1)));
        }
        packets.addAll(chunker.flush());
        assertEquals(text, String.join("", packets));
        assertEquals(List.of("Smile 😀! ", "Rocket 🚀 launch. ", "好的😀。"), packets);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "你好！我是数字人。很高兴见到你，今天想聊点什么呢？我们可以聊天气，也可以聊新闻。”好“！",
        "Hello there! I am your digital human... Ask me anything: weather, news, or 3.14 facts?! Sure.",
        "混合 mixed 文本, with English; 和中文：一起。OK? 好！😀 Done."
    })
    void randomDeltaSplitsGiveTheSamePacketsAsTheWholeText(String text) {
        List<String> expected = chunkWhole(new SentenceChunker(10), text);
        assertEquals(text, String.join("", expected));
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            SentenceChunker chunker = new SentenceChunker(10);
            List<String> packets = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                int len = 1 + random.nextInt(6);
                int end = Math.min(text.length(), at + len);
                packets.addAll(chunker.accept(text.substring(at, end)));
                at = end;
            }
            packets.addAll(chunker.flush());
            assertEquals(expected, packets, "split round " + round);
        }
    }

    @Test
    void customSplitCharactersAreHonoured() {
        List<String> packets = chunkWhole(new SentenceChunker(0, "|"), "a, b| c. d");
        assertEquals(List.of("a, b| ", "c. d"), packets);
    }

    @Test
    void badArgumentsAreRejectedWithAClearMessage() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new SentenceChunker(-1));
        assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SentenceChunker(10, ""));
        assertThrows(IllegalArgumentException.class, () -> new SentenceChunker(10, ". "));
        assertThrows(IllegalArgumentException.class, () -> new SentenceChunker().accept(null));
    }
}
