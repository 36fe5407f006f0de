package dev.videochat.core.pipeline;

import dev.videochat.api.text.TextPacket;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An interrupted answer is remembered as far as the user heard it. */
@Timeout(60)
class PlayedTextTest {

    private static PacketClock clock(int index, String text, long written, long synthesized, boolean muxed) {
        PacketClock c = new PacketClock(new TextPacket(index, text), 0);
        c.samples = written;
        c.synthesizedSamples = synthesized;
        c.muxed = muxed;
        return c;
    }

    @Test
    void fullyWrittenPacketsThenTheShareOfThePacketInProgressToTheEndOfItsWord() {
        String played = PlayedText.of(List.of(
                clock(0, "Hello there. ", 100, 100, true),
                clock(1, "This sentence was cut half way through.", 50, 100, false),
                clock(2, "Never heard.", 0, 0, false)));
        assertEquals("Hello there. This sentence was cut", played);
    }

    @Test
    void aChineseSentenceIsCutAtACharacter() {
        assertEquals("你好，我是", PlayedText.prefix("你好，我是你的数字人。", 0.45));
    }

    @Test
    void nothingWrittenIsNothingPlayed() {
        assertEquals("", PlayedText.of(List.of(clock(0, "Not a word.", 0, 500, false))));
        assertEquals("", PlayedText.prefix("Anything", 0));
        assertEquals("Anything", PlayedText.prefix("Anything", 1));
    }

    @Test
    void aCancelledAnswerIsRememberedOnlyAsFarAsItWasPlayed() throws Exception {
        CountDownLatch secondSentence = new CountDownLatch(1);
        SimulatedChatModel llm = SimulatedChatModel.gated(
                List.of("The first sentence is played. ", "The second one is cut short by the user. ",
                        "The third ", "is never said."),
                i -> i == 3 ? secondSentence : null);
        try (Fixture f = new Fixture(llm)) {
            CountDownLatch renderingSecond = new CountDownLatch(1);
            // The talking head holds utterance 1 after its first frame, so packet 1 is part-way written.
            f.thg.blockWhileRendering(i -> {
                if (i == 1) {
                    renderingSecond.countDown();
                    return new CountDownLatch(1);
                }
                return null;
            });
            Session session = f.open();
            Turn turn = session.say("tell me");
            assertTrue(renderingSecond.await(10, TimeUnit.SECONDS));
            turn.cancel();
            assertInstanceOf(TurnEvent.Cancelled.class, turn.await());
            var history = session.history();
            assertEquals(2, history.size());
            String remembered = history.get(1).content();
            assertTrue(remembered.startsWith("The first sentence is played. The second"), remembered);
            assertTrue(remembered.length() < "The first sentence is played. The second one is cut short by the user. "
                    .length(), remembered);
            assertTrue(!remembered.contains("third"), remembered);
        }
    }

    @Test
    void aCompletedAnswerIsRememberedWhole() throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.streaming(List.of("All of it. ", "Every word."));
        try (Fixture f = new Fixture(llm)) {
            Session session = f.open();
            assertInstanceOf(TurnEvent.Done.class, session.say("q").await());
            assertEquals("All of it. Every word.", session.history().get(1).content());
        }
    }
}
