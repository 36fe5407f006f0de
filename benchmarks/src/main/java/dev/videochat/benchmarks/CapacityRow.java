package dev.videochat.benchmarks;

import dev.videochat.benchmarks.CapacityBenchmark.SessionResult;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One line of the capacity table: N sessions' turns, first-packet latency percentiles (ms) over all their turns,
 * and the slowest and mean media seconds per wall second.
 */
record CapacityRow(int sessions, int turns, int failed, double p50Ms, double p99Ms, double slowest, double mean) {

    static final String HEADER = "| sessions | turns | failed | first packet p50 (ms) | first packet p99 (ms) "
            + "| media s per wall s, slowest session | media s per wall s, mean |";
    static final String RULE = "|---:|---:|---:|---:|---:|---:|---:|";

    static CapacityRow of(int sessions, List<SessionResult> results) {
        long[] latencies = results.stream().flatMap(r -> r.latencies().stream()).mapToLong(Duration::toNanos)
                .sorted().toArray();
        return new CapacityRow(sessions,
                results.stream().mapToInt(SessionResult::turns).sum(),
                results.stream().mapToInt(SessionResult::failed).sum(),
                percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6,
                results.stream().mapToDouble(SessionResult::mediaPerWallSecond).min().orElse(Double.NaN),
                results.stream().mapToDouble(SessionResult::mediaPerWallSecond).average().orElse(Double.NaN));
    }

    /** Nearest rank: the smallest value with at least {@code p} of the values at or below it; NaN when empty. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    String toMarkdown() {
        return String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.0f | %.2f | %.2f |", sessions, turns, failed,
                p50Ms, p99Ms, slowest, mean);
    }

    /** The largest N whose slowest session kept up with real time, and whether any turn failed. */
    static String verdict(List<CapacityRow> rows) {
        // Up to the first N that fell behind: a later N that happens to pass on a noisy machine does not count.
        int held = 0;
        for (CapacityRow row : rows.stream().sorted(Comparator.comparingInt(CapacityRow::sessions))
                .toList()) {
            if (row.slowest < 1.0) {
                break;
            }
            held = row.sessions;
        }
        int failed = rows.stream().mapToInt(CapacityRow::failed).sum();
        String realTime = held == 0 ? "**no N measured kept every session in real time**"
                : "**every session kept up with real time up to N = " + held + "**";
        return realTime + " (slowest session at least 1.0 s of media per wall second); "
                + (failed == 0 ? "no turn failed." : failed + " turns failed or were cancelled.");
    }
}
