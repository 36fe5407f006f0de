package dev.videochat.benchmarks;

import dev.videochat.benchmarks.sim.PacketAtATimePipeline;
import dev.videochat.benchmarks.sim.StageCosts;
import dev.videochat.benchmarks.sim.StreamingPipeline;
import dev.videochat.benchmarks.sim.Timeline;
import dev.videochat.core.pipeline.VideoChatEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.ToDoubleFunction;

/**
 * Runs the simulated-stage comparisons whose results are distributions rather than one JMH score (first packet,
 * gaps and total of both schedules; overhead per packet; latency percentiles under N concurrent sessions) and
 * writes them as Markdown. Usage: {@code PipelineReport [output.md]}.
 */
public final class PipelineReport {

    private static final int RUNS = 5;
    /** The fewest first-packet samples per row of the scaling table. */
    private static final int MIN_SAMPLES = 16;

    private PipelineReport() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %s %s, JDK %s.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version")));
        schedules(md);
        overhead(md);
        scaling(md);
        System.out.print(md);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), md);
        }
    }

    private static void schedules(StringBuilder md) throws InterruptedException {
        md.append("### Streaming pipeline vs packet-at-a-time (simulated stages, medians of ").append(RUNS)
                .append(" answers of 5 packets)\n\n")
                .append("Two stage-cost profiles (`StageCosts`). *issue-example* is the example of the benchmark "
                        + "issue; under the packet-at-a-time schedule it gives about 2.1 s to the first packet and "
                        + "1.0 s gaps, not the reference system's published 3 s and under 0.5 s. "
                        + "*reference-published* is chosen to reproduce those published figures under that "
                        + "schedule. \"expected (b)\" is the schedule's arithmetic: one packet through every stage, "
                        + "then one slowest-stage time per packet.\n\n");
        for (String name : new String[] {StageCosts.ISSUE_EXAMPLE, StageCosts.REFERENCE_PUBLISHED}) {
            schedules(md, name, StageCosts.profile(name, 5));
        }
    }

    private static void schedules(StringBuilder md, String name, StageCosts costs) throws InterruptedException {
        List<Timeline> streaming = new ArrayList<>();
        List<Timeline> reference = new ArrayList<>();
        try (StreamingPipeline pipeline = new StreamingPipeline(costs)) {
            pipeline.answer();
            for (int i = 0; i < RUNS; i++) {
                streaming.add(pipeline.answer());
                reference.add(new PacketAtATimePipeline(costs).answer());
            }
        }
        md.append("#### Profile ").append(name).append("\n\n").append(costs.describe()).append(".\n\n")
                .append("| schedule | first packet (ms) | mean gap (ms) | max gap (ms) | total (ms) |\n")
                .append("|---|---:|---:|---:|---:|\n");
        row(md, "(a) streaming pipeline", streaming);
        row(md, "(b) packet-at-a-time", reference);
        long first = costs.packetAtATimeFirstPacket().toMillis();
        long gap = costs.packetAtATimeGap().toMillis();
        md.append(String.format(Locale.ROOT, "| expected (b) | %d | %d | %d | %d |%n", first, gap, gap,
                first + gap * (costs.packets() - 1)));
        md.append(String.format(Locale.ROOT, "| ratio (a)/(b) | %.2f | %.2f | %.2f | %.2f |%n%n",
                median(streaming, Timeline::firstPacketMs) / median(reference, Timeline::firstPacketMs),
                median(streaming, Timeline::meanGapMs) / median(reference, Timeline::meanGapMs),
                median(streaming, Timeline::maxGapMs) / median(reference, Timeline::maxGapMs),
                median(streaming, Timeline::totalMs) / median(reference, Timeline::totalMs)));
    }

    private static void row(StringBuilder md, String name, List<Timeline> runs) {
        md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", name,
                median(runs, Timeline::firstPacketMs), median(runs, Timeline::meanGapMs),
                median(runs, Timeline::maxGapMs), median(runs, Timeline::totalMs)));
    }

    private static void overhead(StringBuilder md) throws InterruptedException {
        int packets = 20;
        List<Timeline> runs = new ArrayList<>();
        try (StreamingPipeline pipeline = new StreamingPipeline(StageCosts.free(packets))) {
            for (int i = 0; i < 50; i++) {
                pipeline.answer();
            }
            for (int i = 0; i < 50; i++) {
                runs.add(pipeline.answer());
            }
        }
        md.append("### Orchestration overhead (stages that cost nothing, 20 packets per turn, 50 turns)\n\n")
                .append("| measure | median | p90 |\n|---|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| first packet, incl. starting the turn (µs) | %.0f | %.0f |%n",
                        median(runs, Timeline::firstPacketMs) * 1000,
                        percentile(runs, Timeline::firstPacketMs, 0.9) * 1000))
                .append(String.format(Locale.ROOT, "| per later packet (µs) | %.0f | %.0f |%n%n",
                        median(runs, Timeline::meanGapMs) * 1000, percentile(runs, Timeline::meanGapMs, 0.9) * 1000));
    }

    /**
     * N sessions on one shared engine. Heap: the heap retained after collection with N idle sessions open, less
     * the heap retained with the engine alone, per session; measured again after each session answered once.
     * Latency: every session asks at once, the first segment ends each answer (the rest is cancelled); rounds are
     * repeated until there are at least {@value #MIN_SAMPLES} samples.
     */
    private static void scaling(StringBuilder md) throws InterruptedException {
        StageCosts costs = StageCosts.profile(StageCosts.ISSUE_EXAMPLE, 3);
        md.append("### Concurrent sessions on one engine (profile issue-example, 3-packet answers, all asked at once)"
                        + "\n\n")
                .append("First packet: from the question to the first segment, over all sessions and rounds. "
                        + "Heap: retained after `System.gc()` until stable (`MemoryMXBean` used heap), less the "
                        + "engine alone, divided by N.\n\n")
                .append("| sessions | samples | first packet p50 (ms) | p90 (ms) | p99 (ms) | max (ms) "
                        + "| heap per idle session (KiB) | heap per session after a turn (KiB) |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : new int[] {1, 4, 16, 64}) {
            try (VideoChatEngine engine = StreamingPipeline.engine(costs)) {
                long baseline = RetainedHeap.measure();
                List<StreamingPipeline> sessions = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    sessions.add(StreamingPipeline.sharing(engine));
                }
                double idle = (RetainedHeap.measure() - baseline) / 1024.0 / n;
                int rounds = (MIN_SAMPLES + n - 1) / n;
                double[] first = new double[n * rounds];
                for (int r = 0; r < rounds; r++) {
                    askAtOnce(sessions, first, r * n);
                }
                double afterTurn = (RetainedHeap.measure() - baseline) / 1024.0 / n;
                sessions.forEach(StreamingPipeline::close);
                Arrays.sort(first);
                md.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.0f | %.0f | %.1f | %.1f |%n", n,
                        first.length, pick(first, 0.5), pick(first, 0.9), pick(first, 0.99),
                        first[first.length - 1], idle, afterTurn));
            }
        }
        md.append('\n');
    }

    /** Every session asks at the same moment; their first-packet latencies go to {@code out} from {@code at}. */
    private static void askAtOnce(List<StreamingPipeline> sessions, double[] out, int at) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> askers = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            int k = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    out[at + k] = sessions.get(k).firstPacketMsThenStop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "asker-" + k);
            t.start();
            askers.add(t);
        }
        go.countDown();
        for (Thread t : askers) {
            t.join();
        }
    }

    private static double median(List<Timeline> runs, ToDoubleFunction<Timeline> f) {
        return percentile(runs, f, 0.5);
    }

    private static double percentile(List<Timeline> runs, ToDoubleFunction<Timeline> f, double p) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return pick(v, p);
    }

    private static double pick(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

}
