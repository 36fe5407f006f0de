package dev.videochat.llm;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Enforces the read timeout of a response stream, whose blocking reads have none of their own (the JDK client's
 * response body). Only content counts as progress: a server that sends keep-alive comments or blank lines and
 * nothing else still times out. The time the reader spends handing content to the handler (back-pressure from a
 * slow consumer) is not the server's fault and is not counted. Until the first delta, the wait is also cut at the
 * call's first-delta deadline. It sits between the line framer and the decoders (see the {@code watch} methods),
 * where it sees which lines are content and which only keep the connection alive. One scheduled check per period,
 * re-armed for the time remaining, so a healthy stream costs a few volatile writes per line.
 */
final class ContentWatchdog implements AutoCloseable {

    /** Which limit ran out. */
    enum Expiry {
        /** No content for the read timeout. */
        READ_TIMEOUT,
        /** No delta before the call's first-delta deadline. */
        FIRST_DELTA_DEADLINE
    }

    private final ScheduledExecutorService scheduler;
    private final long timeoutNanos;
    private final long firstDeltaDeadline;
    private final BooleanSupplier beforeFirstDelta;
    private final Runnable onTimeout;
    /** When the wait for the next content began; meaningless while {@link #handling}. */
    private volatile long waitingSince;
    private volatile boolean handling;
    private volatile boolean keepAlivesOnly;
    private volatile Expiry expired;
    private boolean closed;             // guarded by this
    private ScheduledFuture<?> check;   // guarded by this

    /**
     * Starts counting at once.
     *
     * @param timeoutNanos       how long the stream may go without content, in nanoseconds
     * @param firstDeltaDeadline the {@link System#nanoTime()} by which the first delta must have come
     * @param beforeFirstDelta   whether no delta has been delivered yet (the deadline applies only then)
     * @param onTimeout          what to do when a limit runs out (closing the stream makes the read fail); runs
     *                           once, on the scheduler's thread
     */
    ContentWatchdog(ScheduledExecutorService scheduler, long timeoutNanos, long firstDeltaDeadline,
                    BooleanSupplier beforeFirstDelta, Runnable onTimeout) {
        this.scheduler = scheduler;
        this.timeoutNanos = timeoutNanos;
        this.firstDeltaDeadline = firstDeltaDeadline;
        this.beforeFirstDelta = beforeFirstDelta;
        this.onTimeout = onTimeout;
        waitingSince = System.nanoTime();
        arm(Math.min(timeoutNanos, Math.max(0, firstDeltaDeadline - waitingSince)));
    }

    /** {@code decoder}, watched: each event's data is content, and the clock stops while it is handed on. */
    ServerSentEvents.DataSink watchEvents(ServerSentEvents.DataSink decoder) {
        return (bytes, length) -> {
            handling = true;
            decoder.data(bytes, length);
            contentHandled();
        };
    }

    /**
     * {@code events}, watched for keep-alives: comment lines ({@code : keep-alive}) and blank lines that end no
     * event. Their data goes through a sink made by {@link #watchEvents}.
     */
    LineFramer.LineSink watchEventLines(ServerSentEvents events) {
        return (bytes, length) -> {
            if (length == 0 || bytes[0] == ':') {
                keepAlivesOnly = true; // a blank line that ends an event is content, handled right after this
            }
            events.line(bytes, length);
        };
    }

    /** {@code decoder}, watched: each JSON line is content; blank lines, which some servers send, are not. */
    LineFramer.LineSink watchJsonLines(LineFramer.LineSink decoder) {
        return (bytes, length) -> {
            if (OllamaChunkDecoder.isBlank(bytes, length)) {
                keepAlivesOnly = true;
                return;
            }
            handling = true;
            decoder.line(bytes, length);
            contentHandled();
        };
    }

    private void contentHandled() {
        keepAlivesOnly = false;
        waitingSince = System.nanoTime();
        handling = false;
    }

    /** The limit that ran out, or {@code null} while none has. */
    Expiry expired() {
        return expired;
    }

    /** Whether keep-alives, and no content, came since the last content (or since the stream began). */
    boolean keepAlivesOnly() {
        return keepAlivesOnly;
    }

    private synchronized void arm(long delayNanos) {
        if (!closed) {
            check = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        long now = System.nanoTime();
        long deadlineLeft = beforeFirstDelta.getAsBoolean() ? firstDeltaDeadline - now : Long.MAX_VALUE;
        if (handling) {
            // content that is no delta is handled in microseconds; a delta lifts the deadline as it is delivered
            arm(Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(timeoutNanos, deadlineLeft)));
            return;
        }
        long timeoutLeft = waitingSince + timeoutNanos - now;
        long left = Math.min(timeoutLeft, deadlineLeft);
        if (left > 0) {
            arm(left);
            return;
        }
        expired = deadlineLeft < timeoutLeft ? Expiry.FIRST_DELTA_DEADLINE : Expiry.READ_TIMEOUT;
        onTimeout.run();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (check != null) {
            check.cancel(false);
        }
    }
}
