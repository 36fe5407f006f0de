package dev.videochat.tts.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextSplitterTest {

    @Test
    void shortTextIsOnePiece() {
        assertEquals(List.of("Hello there."), TextSplitter.split("  Hello there. ", 100));
    }

    @Test
    void cutsAfterSentenceEndsFirst() {
        assertEquals(List.of("One two three.", "Four five, six seven."),
                TextSplitter.split("One two three. Four five, six seven.", 25));
    }

    @Test
    void thenAfterClauseMarksThenAtSpaces() {
        assertEquals(List.of("alpha beta,", "gamma delta"), TextSplitter.split("alpha beta, gamma delta", 15));
        assertEquals(List.of("alpha beta", "gamma delta"), TextSplitter.split("alpha beta gamma delta", 15));
    }

    @Test
    void cutsChineseAfterItsOwnPunctuation() {
        assertEquals(List.of("你好，世界。", "欢迎使用。"), TextSplitter.split("你好，世界。欢迎使用。", 8));
    }

    @Test
    void cutsInsideAWordOnlyWhenItMustAndNeverInsideASurrogatePair() {
        String text = "a😀b😀c😀d";
        List<String> pieces = TextSplitter.split(text, 2);
        assertEquals(text, String.join("", pieces));
        for (String p : pieces) {
            assertTrue(p.length() <= 2 && !Character.isHighSurrogate(p.charAt(p.length() - 1)), p);
        }
    }

    @Test
    void everyPieceFitsAndNothingIsLost() {
        String text = "word ".repeat(500);
        List<String> pieces = TextSplitter.split(text, 37);
        assertTrue(pieces.stream().allMatch(p -> p.length() <= 37 && !p.isEmpty()));
        assertEquals(text.strip(), String.join(" ", pieces));
    }

    @Test
    void aLimitBelowTwoIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TextSplitter.split("abc", 1));
    }
}
