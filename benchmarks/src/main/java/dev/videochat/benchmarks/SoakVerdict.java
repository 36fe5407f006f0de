package dev.videochat.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The soak run's one-line verdict: growth of retained heap, RSS, threads and open files from the first report
 * after turns began to the last. Thread and descriptor counts must not grow at all; the heap may grow by 2 MiB or
 * 10 % and RSS by 32 MiB or 10 %, whichever is larger, since the JIT, the allocator's arenas and the muxer's
 * growing playlist and MP4 index move them a little without any leak.
 */
final class SoakVerdict {

    private static final long HEAP_SLACK = 2L << 20;
    private static final long RSS_SLACK = 32L << 20;
    private static final double SLACK_SHARE = 0.10;

    private SoakVerdict() {
    }

    static String of(List<SoakRow> rows, int failedTurns) {
        if (rows.size() < 2) {
            return "verdict: no turn was measured";
        }
        // Turn 0 is the session before any turn: class loading and first-use allocations make it no baseline.
        SoakRow first = rows.size() > 2 ? rows.get(1) : rows.get(0);
        SoakRow last = rows.get(rows.size() - 1);
        ProcessFootprint a = first.footprint();
        ProcessFootprint b = last.footprint();
        List<String> growing = new ArrayList<>();
        long heap = b.retainedHeap() - a.retainedHeap();
        if (heap > Math.max(HEAP_SLACK, a.retainedHeap() * SLACK_SHARE)) {
            growing.add("retained heap");
        }
        OptionalLong rss = delta(a.rss(), b.rss());
        if (rss.isPresent() && rss.getAsLong() > Math.max(RSS_SLACK, a.rss().getAsLong() * SLACK_SHARE)) {
            growing.add("RSS");
        }
        int threads = b.threads() - a.threads();
        if (threads > 0) {
            growing.add("threads");
        }
        OptionalLong fds = delta(a.openFiles(), b.openFiles());
        if (fds.isPresent() && fds.getAsLong() > 0) {
            growing.add("open fds");
        }
        double mediaMinutes = (last.mediaSeconds() - first.mediaSeconds()) / 60;
        String perMinute = mediaMinutes > 0
                ? String.format(Locale.ROOT, " (%+.2f MiB per minute of media)", SoakRow.mib(heap) / mediaMinutes)
                : "";
        String figures = String.format(Locale.ROOT, "from turn %d to turn %d: retained heap %+.1f MiB%s, RSS %s, "
                        + "threads %+d, open fds %s", first.turns(), last.turns(), SoakRow.mib(heap), perMinute,
                rss.isPresent() ? String.format(Locale.ROOT, "%+.1f MiB", SoakRow.mib(rss.getAsLong())) : "n/a",
                threads, fds.isPresent() ? String.format(Locale.ROOT, "%+d", fds.getAsLong()) : "n/a");
        String failures = failedTurns == 0 ? "no turn failed"
                : failedTurns + (failedTurns == 1 ? " turn FAILED" : " turns FAILED") + " (listed above)";
        String growth = growing.isEmpty() ? "no growth" : "GROWTH in " + String.join(", ", growing);
        return "**verdict: " + growth + "** " + figures + "; " + failures + ".";
    }

    private static OptionalLong delta(OptionalLong from, OptionalLong to) {
        return from.isPresent() && to.isPresent() ? OptionalLong.of(to.getAsLong() - from.getAsLong())
                : OptionalLong.empty();
    }
}
