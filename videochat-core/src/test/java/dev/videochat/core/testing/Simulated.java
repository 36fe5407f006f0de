package dev.videochat.core.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the simulated engines. */
final class Simulated {

    private Simulated() {
    }

    /** Spends {@code cost} of wall time, as a real engine doing that much work would (interruptible). */
    static void work(Duration cost) throws InterruptedException {
        if (!cost.isZero()) {
            TimeUnit.NANOSECONDS.sleep(cost.toNanos());
        }
    }
}
