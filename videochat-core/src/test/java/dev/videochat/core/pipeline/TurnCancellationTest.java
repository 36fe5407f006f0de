package dev.videochat.core.pipeline;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancelling a turn while a stage is blocked inside its own work: the stage is interrupted, every thread of the
 * turn ends, and the session runs its next turn. The simulated stages block on a latch that never opens, so only
 * the cancel can free them.
 */
@Timeout(60)
class TurnCancellationTest {

    private static final String SCRIPT = "A sentence long enough to take a while to say.";

    /** Blocks the first call of its stage on a latch that never opens and remembers the thread it blocked. */
    private static final class Blocker implements IntFunction<CountDownLatch> {
        final CountDownLatch blocked = new CountDownLatch(1);
        final AtomicReference<Thread> thread = new AtomicReference<>();
        private final CountDownLatch never = new CountDownLatch(1);

        @Override
        public CountDownLatch apply(int index) {
            if (index != 0 || !thread.compareAndSet(null, Thread.currentThread())) {
                return null;
            }
            blocked.countDown();
            return never;
        }
    }

    @Test
    void cancellingWhileTtsIsMidSynthesisInterruptsItAndEndsEveryThreadOfTheTurn() throws Exception {
        try (Fixture f = new Fixture(null); Session session = f.open()) {
            Blocker blocker = new Blocker();
            f.tts.blockAfterFirstChunk(blocker);
            Turn turn = session.speak(SCRIPT);
            assertTrue(blocker.blocked.await(10, TimeUnit.SECONDS), "synthesis reached its latch");
            List<Thread> pipeline = Fixture.stageThreadsOf(turn);
            assertEquals(4, pipeline.size(), "source, TTS, THG and mux threads: " + pipeline);

            turn.cancel();
            assertInstanceOf(TurnEvent.Cancelled.class, turn.await());

            for (Thread t : pipeline) {
                assertFalse(t.isAlive(), t.getName() + " outlived the turn");
            }
            // The engine's worker thread is the engine's own: it must end, but it may still be on its way out.
            Thread worker = blocker.thread.get();
            worker.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(worker.isAlive(), "the synthesizer's worker thread " + worker.getName() + " still runs");
            assertTrue(f.log.entries().contains("tts interrupted 0"), "synthesis saw the cancel: " + f.log.entries());
            assertFalse(f.log.entries().contains("tts end 0"), "synthesis did not run to its end");
            assertNextTurnCompletes(f, session);
        }
    }

    @Test
    void cancellingWhileThgIsMidRenderInterruptsItAndEndsEveryThreadOfTheTurn() throws Exception {
        try (Fixture f = new Fixture(null); Session session = f.open()) {
            Blocker blocker = new Blocker();
            f.thg.blockWhileRendering(blocker);
            Turn turn = session.speak(SCRIPT);
            assertTrue(blocker.blocked.await(10, TimeUnit.SECONDS), "rendering reached its latch");
            List<Thread> pipeline = Fixture.stageThreadsOf(turn);
            assertTrue(pipeline.contains(blocker.thread.get()), "the talking head renders on the turn's THG thread");

            turn.cancel();
            assertInstanceOf(TurnEvent.Cancelled.class, turn.await());

            for (Thread t : pipeline) {
                assertFalse(t.isAlive(), t.getName() + " outlived the turn");
            }
            assertTrue(f.log.entries().contains("thg interrupted 0"), "rendering saw the cancel: " + f.log.entries());
            var mux = f.muxSession();
            assertEquals(FrameClock.framesFor(mux.samples, 24_000, 25), mux.frames, "video ends with the audio");
            assertNextTurnCompletes(f, session);
        }
    }

    private static void assertNextTurnCompletes(Fixture f, Session session) throws InterruptedException {
        f.tts.blockAfterFirstChunk(i -> null);
        f.thg.blockWhileRendering(i -> null);
        Turn next = session.speak("Still here.");
        assertInstanceOf(TurnEvent.Done.class, next.await());
        assertEquals(List.of(), Fixture.threadsOf(next));
    }
}
