package dev.videochat.core.pipeline;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.testing.SimulatedTalkingHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live session writes a turn's media in step with the wall clock, so a viewer never holds more than a fraction
 * of a second of an answer that a cancel would have to take back.
 */
@Timeout(60)
class LivePacingTest {

    /** Records, for every frame written, how far its media time ran ahead of the wall clock. */
    private static final class AheadOfClock implements RawMediaSink {
        final long origin = System.nanoTime();
        final List<Long> aheadNanos = new CopyOnWriteArrayList<>();
        final List<Integer> greys = new CopyOnWriteArrayList<>();
        volatile CountDownLatch more = new CountDownLatch(0);
        long frames;

        @Override
        public void onAudio(AudioChunk chunk) {
        }

        @Override
        public void onVideo(VideoFrame frame) {
            long media = frames++ * 40_000_000L;
            aheadNanos.add(media - (System.nanoTime() - origin));
            greys.add(frame.pixels().get(0) & 0xFF);
            more.countDown();
        }
    }

    @Test
    void aTurnsMediaIsWrittenNoFasterThanItPlays() throws Exception {
        AheadOfClock sink = new AheadOfClock();
        try (Fixture f = new Fixture(null);
             Session session = f.open(SessionOptions.builder().live(true).rawSink(sink))) {
            // Synthesized and rendered at no cost: without pacing, its 2 s would be written in a few milliseconds.
            assertInstanceOf(TurnEvent.Done.class, session.speak("Two seconds of speech, paced.").await());
            long mostAhead = sink.aheadNanos.stream().mapToLong(Long::longValue).max().orElseThrow();
            // The sink's clock starts a little after the session's, so allow one frame on top of the lead.
            assertTrue(mostAhead <= Session.LIVE_LEAD_NANOS + 40_000_000L,
                    "a frame was written " + mostAhead / 1_000_000 + " ms ahead of the wall clock");
            assertTrue(sink.greys.contains(SimulatedTalkingHead.SPEAKING));
        }
    }

    @Test
    void cancellingALiveTurnReturnsToIdleFramesWithoutAGap() throws Exception {
        AheadOfClock sink = new AheadOfClock();
        CountDownLatch speaking = new CountDownLatch(5);
        try (Fixture f = new Fixture(null);
             Session session = f.open(SessionOptions.builder().live(true).rawSink(new RawMediaSink() {
                 @Override
                 public void onAudio(AudioChunk chunk) {
                 }

                 @Override
                 public void onVideo(VideoFrame frame) {
                     sink.onVideo(frame);
                     if ((frame.pixels().get(0) & 0xFF) == SimulatedTalkingHead.SPEAKING) {
                         speaking.countDown();
                     }
                 }
             }))) {
            Turn turn = session.speak("A long answer of many words that the user will not let the avatar finish, "
                    + "because it goes on and on for several seconds.");
            assertTrue(speaking.await(10, TimeUnit.SECONDS));
            turn.cancel();
            assertInstanceOf(TurnEvent.Cancelled.class, turn.await());
            int after = sink.greys.size();
            sink.more = new CountDownLatch(10);
            assertTrue(sink.more.await(10, TimeUnit.SECONDS), "the stream goes on after the cancel");
            List<Integer> next = sink.greys.subList(after, after + 10);
            assertEquals(List.of(SimulatedTalkingHead.IDLE), next.stream().distinct().toList(),
                    "idle frames follow the cancel");
            long lastAhead = sink.aheadNanos.get(sink.aheadNanos.size() - 1);
            assertTrue(lastAhead > -500_000_000L, "the stream did not fall behind the wall clock: "
                    + lastAhead / 1_000_000 + " ms");
        }
    }
}
