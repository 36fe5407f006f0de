package dev.videochat.core.pipeline;

import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PipelineObserverTest {

    /** Records what an engine-wide observer sees, and on which threads. */
    private static final class Recorder implements PipelineObserver {
        final AtomicReference<PipelineGauges> gauges = new AtomicReference<>();
        final List<TurnEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void engineBuilt(PipelineGauges built) {
            gauges.set(built);
        }

        @Override
        public void onTurnEvent(TurnEvent event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }
    }

    @Test
    void anObserverSeesEveryEventOfEveryTurnInEverySessionBeforeTheListeners() throws Exception {
        Recorder observer = new Recorder();
        List<TurnEvent> notYetObserved = new CopyOnWriteArrayList<>();
        TurnListener listener = e -> {
            if (!observer.events.contains(e)) {
                notYetObserved.add(e);
            }
        };
        try (Fixture f = new Fixture(null, VideoChatEngine.builder().observer(observer));
             Session first = f.open(SessionOptions.builder().listener(listener));
             Session second = f.open(SessionOptions.builder().listener(listener))) {
            Turn a = first.speak("Hello from the first session.");
            Turn b = second.speak("And hello from the second one.");
            a.await();
            b.await();
            for (Turn turn : List.of(a, b)) {
                // The two sessions' event threads interleave; within a turn, the order is the listeners' order.
                assertEquals(f.events(TurnEvent.class, turn), observer.events.stream()
                        .filter(e -> e.turnId().equals(turn.id())).toList());
            }
            assertEquals(f.events.size(), observer.events.size());
            assertEquals(List.of(), notYetObserved);
            assertTrue(observer.threads.stream().allMatch(t -> t.endsWith("-events")), observer.threads.toString());
            assertInstanceOf(TurnEvent.Done.class, observer.events.stream()
                    .filter(e -> e.turnId().equals(a.id())).reduce((x, y) -> y).orElseThrow());
        }
    }

    @Test
    void theGaugesCountSessionsAndEveryFrameWrittenIdleOnesIncluded() throws Exception {
        Recorder observer = new Recorder();
        try (Fixture f = new Fixture(null, VideoChatEngine.builder().observer(observer))) {
            PipelineGauges gauges = observer.gauges.get();
            CountDownLatch idleAfterTurn = new CountDownLatch(5);
            RawMediaSink idle = new RawMediaSink() {
                @Override
                public void onAudio(AudioChunk chunk) {
                }

                @Override
                public void onVideo(VideoFrame frame) {
                    if ((frame.pixels().get(0) & 0xFF) == SimulatedTalkingHead.IDLE) {
                        idleAfterTurn.countDown();
                    }
                }
            };
            try (Session session = f.open(SessionOptions.builder().live(true).rawSink(idle))) {
                session.speak("Live from the studio.").await();
                assertEquals(1, gauges.openSessions());
                assertTrue(idleAfterTurn.await(10, TimeUnit.SECONDS));
            }
            assertEquals(0, gauges.openSessions());
            assertEquals(1, gauges.sessionsOpened());
            var mux = f.muxSession();
            assertTrue(mux.frames > mux.speakingFrames, "idle frames were written too");
            assertEquals(mux.frames, gauges.framesWritten());
            assertEquals(0, gauges.queuedItems(Stage.THG));
            assertEquals(OptionalInt.empty(), gauges.spareTalkingHeadSessions());
            assertThrows(IllegalArgumentException.class, () -> gauges.queuedItems(Stage.LLM));
        }
    }
}
