package dev.videochat.benchmarks;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnMetrics;
import dev.videochat.core.pipeline.Turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the turns of a run ended: Done, Cancelled and Failed counts and the media they produced, counted as each
 * turn completes (on the pipeline's threads) and read from the driving thread. Thread-safe.
 */
final class TurnOutcomes {

    /** Failures kept word for word for the report; later ones are only counted. */
    private static final int FAILURES_KEPT = 5;

    private int done;
    private int cancelled;
    private int failed;
    private long mediaNanos;
    private final List<String> failures = new ArrayList<>();

    /** Counts {@code turn}'s final event when it comes. */
    void track(Turn turn) {
        turn.result().whenComplete((end, error) -> {
            if (error != null) {
                failed(turn.id() + ": the completion failed: " + error);
            } else {
                count(end);
            }
        });
    }

    private synchronized void count(TurnEvent end) {
        TurnMetrics metrics;
        if (end instanceof TurnEvent.Done d) {
            done++;
            metrics = d.metrics();
        } else if (end instanceof TurnEvent.Cancelled c) {
            cancelled++;
            metrics = c.metrics();
        } else if (end instanceof TurnEvent.Failed f) {
            metrics = f.metrics();
            failed(f.turnId() + ": " + f.error().getMessage());
        } else {
            failed(end.turnId() + ": ended with an unexpected event " + end);
            return;
        }
        mediaNanos += metrics.mediaDuration().toNanos();
    }

    private synchronized void failed(String description) {
        failed++;
        if (failures.size() < FAILURES_KEPT) {
            failures.add(description);
        }
    }

    synchronized int done() {
        return done;
    }

    synchronized int cancelled() {
        return cancelled;
    }

    synchronized int failed() {
        return failed;
    }

    /** The playing time of everything the ended turns produced, cancelled and failed ones included. */
    synchronized Duration media() {
        return Duration.ofNanos(mediaNanos);
    }

    /** The first few failures, in the order they came. */
    synchronized List<String> failures() {
        return List.copyOf(failures);
    }
}
