package dev.videochat.examples.web;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadline on reading one request from its connection, owned by the handler thread that reads it.
 *
 * <p>The JDK's server reads request headers and bodies with blocking channel reads that have no timeout of their
 * own, so a client that stops sending would hold a handler thread forever. When an armed deadline passes, its
 * expiry action runs (it may answer the client) and then the reading thread is interrupted: the socket channel is
 * interruptible, so the interrupt closes it and ends the blocked read with a
 * {@link java.nio.channels.ClosedByInterruptException}. The thread is free again at once.
 */
final class ReadDeadline {

    private static final ThreadLocal<ReadDeadline> CURRENT = new ThreadLocal<>();

    private final Thread reader;
    private final ScheduledExecutorService timer;
    // Guarded by this: an expiry only acts on the arming that scheduled it, and never after disarm() returned.
    private ScheduledFuture<?> pending;
    private long arming;
    private boolean armed;
    private boolean expired;

    private ReadDeadline(Thread reader, ScheduledExecutorService timer) {
        this.reader = reader;
        this.timer = timer;
    }

    /** Starts the deadline of the exchange the calling thread is about to read, armed with {@code timeout}. */
    static ReadDeadline begin(ScheduledExecutorService timer, Duration timeout) {
        ReadDeadline deadline = new ReadDeadline(Thread.currentThread(), timer);
        CURRENT.set(deadline);
        deadline.arm(timeout, () -> { });
        return deadline;
    }

    /** The deadline of the exchange the calling thread is handling, if it runs on a {@link HandlerPool}. */
    static Optional<ReadDeadline> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Restarts the clock: in {@code timeout}, unless disarmed first, {@code onExpiry} runs on the timer's thread and
     * the reading thread is interrupted. {@code onExpiry} must be quick and must not block for long.
     */
    synchronized void arm(Duration timeout, Runnable onExpiry) {
        Objects.requireNonNull(onExpiry, "onExpiry");
        stopTimer();
        long mine = ++arming;
        armed = true;
        try {
            pending = timer.schedule(() -> expire(mine, onExpiry), timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping: nothing more is read, so the deadline is as good as passed.
            armed = false;
            expired = true;
            reader.interrupt();
        }
    }

    private synchronized void expire(long which, Runnable onExpiry) {
        if (!armed || which != arming) {
            return;
        }
        armed = false;
        expired = true;
        try {
            onExpiry.run();
        } finally {
            reader.interrupt();
        }
    }

    /**
     * Stops the clock. Call it on the reading thread: an interrupt the deadline delivered is cleared, so that it
     * cannot hit later work of this thread.
     */
    void disarm() {
        boolean hit;
        synchronized (this) {
            armed = false;
            stopTimer();
            hit = expired;
        }
        if (hit && Thread.currentThread() == reader) {
            Thread.interrupted();
        }
    }

    /** Whether the deadline passed while armed: the connection is closed (or closing) and must not be used. */
    synchronized boolean expired() {
        return expired;
    }

    /** Disarms and forgets the deadline; the exchange is over. */
    void end() {
        disarm();
        CURRENT.remove();
    }

    private void stopTimer() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
