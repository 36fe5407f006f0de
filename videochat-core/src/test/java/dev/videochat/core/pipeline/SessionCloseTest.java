package dev.videochat.core.pipeline;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedMuxer;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class SessionCloseTest {

    @Test
    void closingFromAnInterruptedThreadWaitsForTheStagesBeforeFreeingTheMuxer() throws Exception {
        StageLog log = new StageLog();
        SimulatedMuxer muxer = new SimulatedMuxer(log);
        List<TurnEvent> events = new CopyOnWriteArrayList<>();
        try (VideoChatEngine engine = VideoChatEngine.builder()
                .synthesizer(new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log))
                .talkingHead(new SimulatedTalkingHead(16, 25, Duration.ofMillis(20), log))
                .muxer(muxer)
                .build()) {
            Session session = engine.openSession(SessionOptions.builder().listener(events::add).build());
            CountDownLatch writing = new CountDownLatch(1);
            // The first packet's segment is out, the long second one is being rendered and encoded.
            Turn turn = session.speak("Short first. Then a long second sentence that is still being rendered and "
                    + "encoded when the session closes from a thread that was interrupted.", e -> {
                        if (e instanceof TurnEvent.SegmentReady) {
                            writing.countDown();
                        }
                    });
            assertTrue(writing.await(10, TimeUnit.SECONDS));
            Thread.currentThread().interrupt();
            session.close();
            assertTrue(Thread.interrupted(), "close keeps the caller's interrupt status");

            assertEquals(List.of(), Fixture.threadsOf(turn), "no stage thread outlives close");
            SimulatedMuxer.Session mux = muxer.sessions.get(0);
            assertTrue(mux.closed);
            assertEquals(0, mux.usedAfterClose, "nothing was written to the muxer after it was closed");
            assertEquals(FrameClock.framesFor(mux.samples, 24_000, 25), mux.frames);
            assertInstanceOf(TurnEvent.Cancelled.class, turn.await());
            assertTrue(events.stream().anyMatch(e -> e instanceof TurnEvent.Cancelled),
                    "the final event was delivered by the time close returned");
        }
    }

    @Test
    void aClosedSessionRefusesNewTurnsSayingSo() throws Exception {
        try (Fixture f = new Fixture(null)) {
            Session session = f.open();
            session.close();
            var e = assertThrows(IllegalStateException.class, () -> session.speak("Hello."));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            session.close();
            assertFalse(f.muxSession().usedAfterClose > 0);
        }
    }
}
