package dev.videochat.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap still in use after garbage collection, in bytes: what live objects retain, as opposed to the heap's
 * momentary use, which counts garbage and moves in whole regions (1 MiB or more with G1).
 */
final class RetainedHeap {

    private static final int MAX_COLLECTIONS = 10;
    /** Two readings this close (bytes) count as settled. */
    private static final long SETTLED = 16 * 1024;

    private RetainedHeap() {
    }

    /**
     * Collects until two readings in a row differ by less than 16 KiB (at most ten times) and returns the last
     * reading of the used heap, bytes. {@code System.gc()} is a request; with the default collectors of JDK 17 it
     * runs a full collection unless {@code -XX:+DisableExplicitGC} is set.
     */
    static long measure() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - previous) < SETTLED) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
