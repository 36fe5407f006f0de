package dev.videochat.core.pipeline;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Turns started from several threads at once never share the muxer or the avatar. */
@Timeout(120)
class ConcurrentStartsTest {

    private static final int ROUNDS = 60;

    @Test
    void concurrentStartsResolveToOneRunningTurnAndEveryDoneTurnHasItsSegments() throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.streaming(List.of("A short answer. ", "With a second part."));
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try (Fixture f = new Fixture(llm); Session session = f.open()) {
            List<Turn> all = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier together = new CyclicBarrier(3);
                List<Future<Turn>> starts = new ArrayList<>();
                for (int caller = 0; caller < 3; caller++) {
                    int c = caller;
                    starts.add(callers.submit(() -> {
                        together.await();
                        return c == 0 ? session.say("question") : session.speak("Caller " + c + " speaks.");
                    }));
                }
                List<Turn> round3 = new ArrayList<>();
                for (Future<Turn> s : starts) {
                    round3.add(s.get());
                }
                Turn last = round3.stream().max((a, b) -> Long.compare(number(a), number(b))).orElseThrow();
                for (Turn t : round3) {
                    TurnEvent end = t.await();
                    if (t == last) {
                        assertInstanceOf(TurnEvent.Done.class, end, "round " + round + ": the last start wins");
                    } else if (!(end instanceof TurnEvent.Done)) {
                        assertInstanceOf(TurnEvent.Cancelled.class, end, "a loser ends cancelled");
                    }
                }
                all.addAll(round3);
            }
            assertEquals(1, f.thg.mostAtOnce.get(), "the animator was used by one thread at a time");
            assertEachTurnWroteInOneRun(f.muxSession().writers);
            for (Turn t : all) {
                if (t.await() instanceof TurnEvent.Done) {
                    assertFalse(f.events(TurnEvent.SegmentReady.class, t).isEmpty(), t.id() + " lost its segments");
                }
                assertEquals(1, f.events.stream().filter(e -> e.turnId().equals(t.id()))
                        .filter(e -> e instanceof TurnEvent.Done || e instanceof TurnEvent.Failed
                                || e instanceof TurnEvent.Cancelled).count(), t.id() + " has one final event");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** Once another turn's thread has written to the muxer, an earlier turn never writes again. */
    private static void assertEachTurnWroteInOneRun(List<String> writers) {
        Set<String> finished = new LinkedHashSet<>();
        String current = null;
        for (String thread : writers) {
            String turn = turnOf(thread);
            if (turn.equals(current)) {
                continue;
            }
            if (finished.contains(turn)) {
                fail("turn " + turn + " wrote to the muxer again after " + current + " had started: " + writers);
            }
            if (current != null) {
                finished.add(current);
            }
            current = turn;
        }
    }

    private static long number(Turn turn) {
        return Long.parseLong(turn.id().substring(turn.id().lastIndexOf("-t") + 2));
    }

    /** {@code videochat-e1-s1-t3-mux} is turn {@code e1-s1-t3}. */
    private static String turnOf(String thread) {
        String rest = thread.substring("videochat-".length());
        return rest.substring(0, rest.lastIndexOf('-'));
    }
}
