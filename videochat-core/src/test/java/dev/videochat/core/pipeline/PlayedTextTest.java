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
        c.ttsEnd = synthesized > 0 ? 1 : 0;
        return c;
    }

    @Test
    void fullyWrittenPacketsThenTheShareOfThePacketInProgressToTheEndOfItsWord() {
        String played = PlayedText.of(List.of(
                clock(0, "Hello there. ", 100, 100, true),
                clock(1, "This sentence was cut half way through.", 50, 100, false),
                clock(2, "Never heard.", 0, 0, false)), 16_000);
        assertEquals("Hello there. This sentence was cut", played);
    }

    @Test
    void aPacketStillBeingSynthesizedIsMeasuredAgainstTheSpeakingRateSoFar() {
        // Packet 0: 13 characters in 1,300 samples (100 a character). Packet 1: 1,000 samples written of a synthesis
        // that has produced only those so far: 1,000 of an expected 4,000.
        PacketClock unfinished = clock(1, "Forty characters of a sentence, about it", 1000, 0, false);
        unfinished.synthesizedSamples = 1000;
        assertEquals("Hello there. Forty characters", PlayedText.of(List.of(
                clock(0, "Hello there. ", 1300, 1300, true), unfinished), 16_000));
    }

    @Test
    void aChineseSentenceIsCutAtACharacter() {
        assertEquals("你好，我是", PlayedText.prefix("你好，我是你的数字人。", 0.45));
    }

    @Test
    void nothingWrittenIsNothingPlayed() {
        assertEquals("", PlayedText.of(List.of(clock(0, "Not a word.", 0, 500, false)), 16_000));
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
            // Packet 0 is 30 characters, 0.6 s at 20 ms a character: 15 frames. Cancel once the muxer has written
            // the first frame of packet 1 (and so the audio that comes before it).
            CountDownLatch intoSecond = new CountDownLatch(16);
            Session session = f.open(SessionOptions.builder().rawSink(new dev.videochat.api.media.RawMediaSink() {
                @Override
                public void onAudio(dev.videochat.api.audio.AudioChunk chunk) {
                }

                @Override
                public void onVideo(dev.videochat.api.video.VideoFrame frame) {
                    intoSecond.countDown();
                }
            }));
            Turn turn = session.say("tell me");
            assertTrue(renderingSecond.await(10, TimeUnit.SECONDS));
            assertTrue(intoSecond.await(10, TimeUnit.SECONDS));
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
