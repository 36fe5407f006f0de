package dev.videochat.core.pipeline;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.testing.SimulatedChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cancel tells the raw sinks (a WebRTC peer) to drop what they hold; an answer that ends or fails does not. */
@Timeout(60)
class DiscardPendingTest {

    private static final class Counting implements RawMediaSink {
        final AtomicInteger discards = new AtomicInteger();
        final CountDownLatch media = new CountDownLatch(1);

        @Override
        public void onAudio(AudioChunk chunk) {
            media.countDown();
        }

        @Override
        public void onVideo(VideoFrame frame) {
        }

        @Override
        public void discardPending() {
            discards.incrementAndGet();
        }
    }

    @Test
    void aCancelledTurnAsksTheSinksOnceToDropWhatTheyHold() throws Exception {
        Counting sink = new Counting();
        try (Fixture f = new Fixture(SimulatedChatModel.endless(List.of("Talking on and on. ", "More")))) {
            Session session = f.open(SessionOptions.builder().rawSink(sink));
            Turn turn = session.say("talk");
            assertTrue(sink.media.await(10, TimeUnit.SECONDS));
            turn.cancel();
            turn.cancel();
            assertInstanceOf(TurnEvent.Cancelled.class, turn.await());
            assertEquals(1, sink.discards.get());
        }
    }

    @Test
    void aTurnThatEndsOrFailsKeepsItsMediaPlaying() throws Exception {
        Counting sink = new Counting();
        try (Fixture f = new Fixture(SimulatedChatModel.failingAt(List.of("One sentence. ", "Two."), 1))) {
            Session session = f.open(SessionOptions.builder().rawSink(sink));
            assertInstanceOf(TurnEvent.Failed.class, session.say("go").await());
            assertInstanceOf(TurnEvent.Done.class, session.speak("Done properly.").await());
            assertEquals(0, sink.discards.get());
        }
    }
}
