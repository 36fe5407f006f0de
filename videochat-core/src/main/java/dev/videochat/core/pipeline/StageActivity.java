package dev.videochat.core.pipeline;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each stage thread of a turn last made progress while it was working on its engine (waiting for an LLM
 * delta, an audio chunk, a frame, or a write to the muxer). Time spent waiting for input from the stage before,
 * or for room in the queue to the stage after, is not work: a stage held up by another is not idle.
 */
final class StageActivity {

    /** 0: the stage is not working on its engine now; otherwise the {@link System#nanoTime()} of its last progress. */
    private final AtomicLongArray busySince;

    StageActivity(int stages) {
        busySince = new AtomicLongArray(stages);
    }

    /** The stage starts waiting on its engine. */
    void engaged(int stage) {
        busySince.set(stage, nonZeroNow());
    }

    /** The stage's engine produced something (a delta, a chunk, a frame). */
    void progressed(int stage) {
        if (busySince.get(stage) != 0) {
            busySince.set(stage, nonZeroNow());
        }
    }

    /** The stage stopped waiting on its engine. */
    void released(int stage) {
        busySince.set(stage, 0);
    }

    /** Stops the clock while the stage waits for room downstream; returns what {@link #resume} needs. */
    long pause(int stage) {
        return busySince.getAndSet(stage, 0);
    }

    /** Restarts the clock after {@link #pause}, counting the hand-over as progress. */
    void resume(int stage, long paused) {
        if (paused != 0) {
            busySince.set(stage, nonZeroNow());
        }
    }

    /** Since when (nanoTime) the stage has been working without progress, or 0 when it is not working. */
    long busySince(int stage) {
        return busySince.get(stage);
    }

    int stages() {
        return busySince.length();
    }

    private static long nonZeroNow() {
        long now = System.nanoTime();
        return now == 0 ? 1 : now;
    }
}
