package dev.videochat.core.llm;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces a read timeout on a blocking stream that has none of its own (the JDK client's response body). Only
 * time spent inside a read counts: time the reader spends in the handler (back-pressure from a slow consumer) is
 * not the server's fault. One scheduled check per timeout period, re-armed for the time remaining, so a healthy
 * stream costs two volatile writes per read.
 */
final class ReadWatchdog implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final long timeoutNanos;
    private final Runnable onTimeout;
    /** When the current read began, or 0 when the reader is not reading. */
    private volatile long readingSince;
    private volatile boolean fired;
    private volatile boolean closed;
    private ScheduledFuture<?> check;

    /**
     * @param timeoutNanos how long one read may block, in nanoseconds
     * @param onTimeout    what to do when it blocks longer (closing the stream makes the read fail); runs once
     */
    ReadWatchdog(ScheduledExecutorService scheduler, long timeoutNanos, Runnable onTimeout) {
        this.scheduler = scheduler;
        this.timeoutNanos = timeoutNanos;
        this.onTimeout = onTimeout;
        arm(timeoutNanos);
    }

    /** Call before each read. */
    void reading() {
        readingSince = System.nanoTime();
    }

    /** Call after each read returns. */
    void idle() {
        readingSince = 0;
    }

    /** Whether a read timed out. */
    boolean fired() {
        return fired;
    }

    private synchronized void arm(long delayNanos) {
        if (!closed) {
            check = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        long since = readingSince;
        if (since != 0) {
            long waited = System.nanoTime() - since;
            if (waited >= timeoutNanos) {
                fired = true;
                onTimeout.run();
                return;
            }
            arm(timeoutNanos - waited);
        } else {
            arm(timeoutNanos);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (check != null) {
            check.cancel(false);
        }
    }
}
