package dev.videochat.benchmarks.sim;

import java.util.List;

/**
 * When each packet's media became playable in one answer.
 *
 * @param startNanos   when the question went in ({@link System#nanoTime()})
 * @param segmentNanos when each packet's segment was cut, in packet order
 */
public record Timeline(long startNanos, List<Long> segmentNanos) {

    public Timeline {
        segmentNanos = List.copyOf(segmentNanos);
    }

    /** From the question to the first playable segment, ms. */
    public double firstPacketMs() {
        return (segmentNanos.get(0) - startNanos) / 1e6;
    }

    /** From the question to the last segment, ms. */
    public double totalMs() {
        return (segmentNanos.get(segmentNanos.size() - 1) - startNanos) / 1e6;
    }

    /** The mean gap between consecutive segments, ms (0 for one packet). */
    public double meanGapMs() {
        return segmentNanos.size() < 2 ? 0 : (totalMs() - firstPacketMs()) / (segmentNanos.size() - 1);
    }

    /** The longest gap between consecutive segments, ms. */
    public double maxGapMs() {
        double max = 0;
        for (int i = 1; i < segmentNanos.size(); i++) {
            max = Math.max(max, (segmentNanos.get(i) - segmentNanos.get(i - 1)) / 1e6);
        }
        return max;
    }
}
