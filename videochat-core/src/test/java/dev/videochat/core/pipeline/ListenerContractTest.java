package dev.videochat.core.pipeline;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a listener may do: start, cancel and await turns, throw anything, and never hold the stages up. */
@Timeout(60)
class ListenerContractTest {

    @Test
    void aListenerStartsTheNextTurnFromDoneAndTheSessionStaysUsable() throws Exception {
        try (Fixture f = new Fixture(null); Session session = f.open()) {
            CompletableFuture<Turn> followUp = new CompletableFuture<>();
            Turn first = session.speak("First sentence.", event -> {
                if (event instanceof TurnEvent.Done) {
                    followUp.complete(session.speak("A follow-up, started by a listener."));
                }
            });
            assertInstanceOf(TurnEvent.Done.class, first.await());
            Turn second = followUp.get(10, TimeUnit.SECONDS);
            assertInstanceOf(TurnEvent.Done.class, second.await());

            assertInstanceOf(TurnEvent.Done.class, session.speak("And a third from the test.").await());
            session.cancelTurn();
        }
    }

    @Test
    void aListenerBargesInFromPacketReadyAndTheFirstTurnEndsCancelled() throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.endless(List.of("I will keep talking. ", "More and more"));
        try (Fixture f = new Fixture(llm); Session session = f.open()) {
            CompletableFuture<Turn> bargeIn = new CompletableFuture<>();
            AtomicBoolean once = new AtomicBoolean();
            Turn first = session.say("talk", event -> {
                if (event instanceof TurnEvent.PacketReady && once.compareAndSet(false, true)) {
                    bargeIn.complete(session.speak("Sorry, go ahead."));
                }
            });
            Turn second = bargeIn.get(10, TimeUnit.SECONDS);
            assertInstanceOf(TurnEvent.Cancelled.class, first.await());
            assertInstanceOf(TurnEvent.Done.class, second.await());
            assertEquals(List.of(), Fixture.threadsOf(first));
        }
    }

    @Test
    void aTurnIsCompleteWhenItsFinalEventIsDeliveredAndAwaitInsideReturnsAtOnce() throws Exception {
        try (Fixture f = new Fixture(null); Session session = f.open()) {
            CompletableFuture<String> seen = new CompletableFuture<>();
            Turn[] self = new Turn[1];
            CompletableFuture<Turn> started = new CompletableFuture<>();
            self[0] = session.speak("Hello there.", event -> {
                if (event instanceof TurnEvent.Done) {
                    try {
                        Turn t = started.get(10, TimeUnit.SECONDS);
                        TurnEvent end = t.await();
                        seen.complete(t.isDone() + " " + t.result().toCompletableFuture().isDone() + " "
                                + end.getClass().getSimpleName() + " " + Thread.currentThread().getName());
                    } catch (Exception e) {
                        seen.completeExceptionally(e);
                    }
                }
            });
            started.complete(self[0]);
            self[0].await();
            String inside = seen.get(10, TimeUnit.SECONDS);
            assertTrue(inside.startsWith("true true Done videochat-" + session.id() + "-events"), inside);
        }
    }

    @Test
    void listenersNeverRunOnAStageThreadAndSeeEventsInOrder() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        try (Fixture f = new Fixture(SimulatedChatModel.streaming(List.of("One sentence. ", "Two sentences here.")));
             Session session = f.open(SessionOptions.builder()
                     .listener(e -> threads.add(Thread.currentThread().getName())))) {
            Turn turn = session.say("go");
            turn.await();
            List<TurnEvent> mine = f.events.stream().filter(e -> e.turnId().equals(turn.id())).toList();
            assertInstanceOf(TurnEvent.Done.class, mine.get(mine.size() - 1), "the final event comes last");
            assertEquals(List.of("videochat-" + session.id() + "-events"), threads.stream().distinct().toList());
            List<Integer> packets = f.events(TurnEvent.PacketReady.class, turn).stream()
                    .map(p -> p.packet().index()).toList();
            assertEquals(List.of(0, 1), packets);
        }
    }

    @Test
    void anErrorThrownByAListenerIsLoggedAndTheTurnStillEnds() throws Exception {
        List<TurnEvent> after = new CopyOnWriteArrayList<>();
        try (Fixture f = new Fixture(null);
             Session session = f.open(SessionOptions.builder()
                     .listener(e -> {
                         throw new OutOfMemoryError("listener out of memory");
                     })
                     .listener(e -> {
                         throw new StackOverflowError("listener recursion");
                     })
                     .listener(after::add))) {
            Turn turn = session.speak("Listeners that throw errors.");
            assertInstanceOf(TurnEvent.Done.class, turn.await());
            assertInstanceOf(TurnEvent.Done.class, after.get(after.size() - 1), "later listeners still get events");
            assertFalse(f.events(TurnEvent.SegmentReady.class, turn).isEmpty());
            assertInstanceOf(TurnEvent.Done.class, session.speak("Next turn.").await());
        }
    }

    @Test
    void aSlowListenerDoesNotHoldUpTheStages() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        try (Fixture f = new Fixture(null);
             Session session = f.open(SessionOptions.builder().listener(e -> release.join()))) {
            Turn turn = session.speak("The media is written while the listener is stuck on the first event.");
            TurnEvent end = ((TurnRun) turn).awaitStopped();
            assertInstanceOf(TurnEvent.Done.class, end);
            assertTrue(f.muxSession().cuts > 0, "segments were cut while the listener held its first event");
            release.complete(null);
            assertNotNull(turn.await());
        }
    }

    @Test
    void aListenerMayCloseItsSession() throws Exception {
        try (Fixture f = new Fixture(null)) {
            Session session = f.open();
            CompletableFuture<Void> closed = new CompletableFuture<>();
            session.speak("Goodbye.", e -> {
                if (e instanceof TurnEvent.Done) {
                    session.close();
                    closed.complete(null);
                }
            });
            closed.get(10, TimeUnit.SECONDS);
            assertTrue(f.muxSession().closed);
        }
    }
}
