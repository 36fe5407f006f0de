package dev.videochat.musetalk.kserve;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The cancellation scope of one model run on the server, which may take several attempts: {@link #cancel()} stops
 * the attempt in flight (gRPC cancels it on the wire, the server sees CANCELLED) and any retry still to come. One
 * object per run, so a cancel never reaches a later run.
 */
final class RemoteCall {

    private Future<?> attempt;
    private boolean cancelled;

    /** Makes {@code next} the attempt in flight; cancels it at once when the run was already cancelled. */
    synchronized void attempt(Future<?> next) {
        attempt = next;
        if (cancelled) {
            next.cancel(true);
        }
    }

    /** Cancels the attempt in flight and every later one; from any thread. */
    synchronized void cancel() {
        cancelled = true;
        if (attempt != null) {
            attempt.cancel(true);
        }
        notifyAll();
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /**
     * Waits {@code nanos} before the next attempt, unless the run is cancelled meanwhile.
     *
     * @throws CancellationException when the run is cancelled before or during the wait
     */
    synchronized void backOff(long nanos, String what) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !cancelled; left = end - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (cancelled) {
            throw new CancellationException(what + " was cancelled");
        }
    }
}
