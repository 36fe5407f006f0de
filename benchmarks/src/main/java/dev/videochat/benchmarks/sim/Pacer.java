package dev.videochat.benchmarks.sim;

import java.util.concurrent.locks.LockSupport;

/**
 * Spends simulated work against a running deadline, so many small waits do not add up their oversleep.
 * One per piece of work; not thread-safe.
 */
final class Pacer {

    private long deadline = System.nanoTime();

    /** Restarts the deadline from now. */
    Pacer restart() {
        deadline = System.nanoTime();
        return this;
    }

    /** Waits until {@code nanos} more of work would be done. */
    void spend(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return;
        }
        deadline += nanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
