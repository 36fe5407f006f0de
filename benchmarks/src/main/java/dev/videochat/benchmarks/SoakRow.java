package dev.videochat.benchmarks;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * One line of the soak table: the footprint after {@code turns} turns and how those turns ended.
 *
 * @param turns          turns started so far
 * @param elapsedSeconds wall time since the run started, s
 * @param mediaSeconds   playing time produced by the ended turns, s
 */
record SoakRow(int turns, double elapsedSeconds, double mediaSeconds, ProcessFootprint footprint, int done,
               int cancelled, int failed) {

    static final String HEADER = "| turns | elapsed (s) | media (s) | retained heap (MiB) | RSS (MiB) | threads "
            + "| open fds | done | cancelled | failed |";
    static final String RULE = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    String toMarkdown() {
        return String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %s | %d | %s | %d | %d | %d |", turns,
                elapsedSeconds, mediaSeconds, mib(footprint.retainedHeap()), mib(footprint.rss()),
                footprint.threads(), count(footprint.openFiles()), done, cancelled, failed);
    }

    static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String mib(OptionalLong bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.1f", mib(bytes.getAsLong())) : "n/a";
    }

    private static String count(OptionalLong n) {
        return n.isPresent() ? Long.toString(n.getAsLong()) : "n/a";
    }
}
