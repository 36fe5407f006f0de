package dev.videochat.musetalk.runtime;

/**
 * The face generator's sustained rate over its most recent batches: {@code batch × n / (sum of n run times)}.
 * Every run computes the whole batch, padded or not, so this is the rate the worker reaches when every slot
 * carries a frame. Thread-safe.
 */
final class ThroughputMeter {

    /** Batches the rate is averaged over. */
    static final int WINDOW = 32;

    private final int batch;
    private final long[] nanos = new long[WINDOW];
    private int count;
    private int next;
    private long sum;

    ThroughputMeter(int batch) {
        this.batch = batch;
    }

    synchronized void record(long runNanos) {
        sum += runNanos - nanos[next];
        nanos[next] = runNanos;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
    }

    /** Frames per second, or NaN before the first batch. */
    synchronized double framesPerSecond() {
        return count == 0 || sum <= 0 ? Double.NaN : batch * (double) count * 1e9 / sum;
    }

    synchronized int batches() {
        return count;
    }
}
