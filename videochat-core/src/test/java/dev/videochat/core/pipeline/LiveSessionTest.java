package dev.videochat.core.pipeline;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class LiveSessionTest {

    @Test
    void aLiveSessionStreamsIdleFramesBetweenTurnsAndStaysInSync() throws Exception {
        CountDownLatch idleBefore = new CountDownLatch(10);
        CountDownLatch idleAfter = new CountDownLatch(10);
        AtomicLong speaking = new AtomicLong();
        CountDownLatch[] phase = {idleBefore};
        RawMediaSink raw = new RawMediaSink() {
            @Override
            public void onAudio(AudioChunk chunk) {
            }

            @Override
            public void onVideo(VideoFrame frame) {
                if ((frame.pixels().get(0) & 0xFF) == SimulatedTalkingHead.IDLE) {
                    phase[0].countDown();
                } else {
                    speaking.incrementAndGet();
                }
            }
        };
        try (Fixture f = new Fixture(null);
             Session session = f.open(SessionOptions.builder().live(true).rawSink(raw))) {
            assertTrue(idleBefore.await(10, TimeUnit.SECONDS), "idle frames flow before any turn");
            phase[0] = idleAfter;
            TurnEvent end = session.speak("Live from the studio.").await();
            assertInstanceOf(TurnEvent.Done.class, end);
            assertTrue(speaking.get() > 0);
            assertTrue(idleAfter.await(10, TimeUnit.SECONDS), "idle frames resume after the turn");
            session.close();
            var mux = f.muxSession();
            long expected = FrameClock.framesFor(mux.samples, 24_000, 25);
            assertTrue(Math.abs(expected - mux.frames) <= 1, "audio " + mux.samples + " samples vs " + mux.frames
                    + " frames");
            assertEquals(mux.frames - speaking.get(), mux.frames - mux.speakingFrames);
        }
    }
}
