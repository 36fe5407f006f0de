package dev.videochat.benchmarks;

import dev.videochat.benchmarks.sim.PacketAtATimePipeline;
import dev.videochat.benchmarks.sim.StageCosts;
import dev.videochat.benchmarks.sim.StreamingPipeline;
import dev.videochat.benchmarks.sim.Timeline;

import java.lang.management.ManagementFactory;
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
        StageCosts costs = StageCosts.referenceLike(5);
        List<Timeline> streaming = new ArrayList<>();
        List<Timeline> reference = new ArrayList<>();
        try (StreamingPipeline pipeline = new StreamingPipeline(costs)) {
            pipeline.answer();
            for (int i = 0; i < RUNS; i++) {
                streaming.add(pipeline.answer());
                reference.add(new PacketAtATimePipeline(costs).answer());
            }
        }
        md.append("### Streaming pipeline vs packet-at-a-time (simulated stages, medians of ").append(RUNS)
                .append(" answers of 5 packets)\n\n")
                .append("Stage costs: LLM 0.4 s to the first sentence then 0.1 s per sentence; TTS 0.5 s per packet; "
                        + "THG 0.5 s per second of audio; mux 0.2 s per packet; 2 s of speech per packet.\n\n")
                .append("| schedule | first packet (ms) | mean gap (ms) | max gap (ms) | total (ms) |\n")
                .append("|---|---:|---:|---:|---:|\n");
        row(md, "(a) streaming pipeline", streaming);
        row(md, "(b) packet-at-a-time", reference);
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

    private static void scaling(StringBuilder md) throws InterruptedException {
        md.append("### Concurrent sessions (simulated stages as above, 3 packets each, all asked at once)\n\n")
                .append("| sessions | first packet p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | peak heap per session (KiB) |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n");
        StageCosts costs = StageCosts.referenceLike(3);
        for (int n : new int[] {1, 4, 16, 64}) {
            long before = usedHeapAfterGc();
            List<StreamingPipeline> pipelines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pipelines.add(new StreamingPipeline(costs));
            }
            HeapPeak peak = new HeapPeak();
            double[] first = new double[n];
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> askers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        first[k] = pipelines.get(k).answer().firstPacketMs();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                askers.add(t);
            }
            go.countDown();
            for (Thread t : askers) {
                t.join();
            }
            long peakUsed = peak.stop();
            pipelines.forEach(StreamingPipeline::close);
            Arrays.sort(first);
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.0f | %.0f |%n", n,
                    pick(first, 0.5), pick(first, 0.9), pick(first, 0.99), first[n - 1],
                    Math.max(0, peakUsed - before) / 1024.0 / n));
        }
        md.append('\n');
    }

    /** Samples the used heap every millisecond and keeps the highest value. */
    private static final class HeapPeak {
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread sampler = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }, "heap-peak");

        HeapPeak() {
            sampler.setDaemon(true);
            sampler.start();
        }

        long stop() throws InterruptedException {
            running = false;
            sampler.join();
            return peak;
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
