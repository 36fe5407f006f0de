package dev.videochat.benchmarks;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnMetrics;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.VideoChatEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Capacity run: N sessions on one shared engine of the embedded offline engines (FreeTTS, sprite, FFmpeg writing
 * files to a temporary folder), each speaking turns back to back for a fixed wall time. Per N it reports the
 * first-packet latency over all turns (p50, p99) and how many seconds of media each session produced per second
 * of wall time: the slowest session's figure (below 1, that session could not keep a player fed in real time)
 * and the mean over sessions.
 *
 * <p>A turn started before the time is up runs to its end; each session's wall time runs from the common start
 * to the end of its last turn, so no turn is cut short and none is counted in part.
 *
 * <p>Run with {@code benchmarks/soak.sh capacity}; {@code args[0]} is the Markdown file to write (default
 * {@code benchmarks/capacity-results.md}). System properties, all optional: {@code videochat.bench.capacity.sessions}
 * (1,2,4,8,12,16), {@code videochat.bench.capacity.seconds} (20), {@code videochat.bench.seed} (1),
 * {@code videochat.bench.capacity.hangSeconds} (120), {@code videochat.bench.keepOutput} (false) and the
 * engines' settings ({@link OfflineEngine}), such as {@code videochat.bench.tts.concurrency}.
 */
public final class CapacityBenchmark {

    private final CapacitySettings settings;
    private final HangWatch hangWatch;

    private CapacityBenchmark(CapacitySettings settings, HangWatch hangWatch) {
        this.settings = settings;
        this.hangWatch = hangWatch;
    }

    public static void main(String[] args) throws Exception {
        Path reportFile = Path.of(args.length > 0 ? args[0] : "benchmarks/capacity-results.md");
        CapacitySettings settings = CapacitySettings.fromSystemProperties();
        OfflineEngine engineSettings = OfflineEngine.fromSystemProperties();
        Path output = Files.createTempDirectory("videochat-capacity-");
        MarkdownReport report = new MarkdownReport();
        report.header("Capacity: concurrent sessions on one engine", engineSettings);
        report.line(settings.describe());
        report.line();
        HangWatch hangWatch = new HangWatch(settings.hangSeconds(), report, reportFile);
        CapacityBenchmark benchmark = new CapacityBenchmark(settings, hangWatch);
        List<CapacityRow> rows = new ArrayList<>();
        hangWatch.start();
        hangWatch.progress("building the engine");
        try (VideoChatEngine engine = engineSettings.build(output)) {
            benchmark.warmUp(engine);
            report.line(CapacityRow.HEADER);
            report.line(CapacityRow.RULE);
            for (int sessions : settings.sessions()) {
                CapacityRow row = benchmark.measure(engine, sessions);
                rows.add(row);
                report.line(row.toMarkdown());
            }
        }
        hangWatch.stop();
        report.line();
        report.line(CapacityRow.verdict(rows));
        report.writeTo(reportFile);
        if (!settings.keepOutput()) {
            OutputFiles.delete(output);
        }
        System.err.println("wrote " + reportFile);
    }

    /** Loads the voice, the avatar and the encoder and warms the JIT, so N = 1 does not pay for them. */
    private void warmUp(VideoChatEngine engine) throws InterruptedException {
        hangWatch.progress("warming up");
        try (Session session = engine.openSession(SessionOptions.builder().historyMessages(0).build())) {
            Random random = new Random(settings.seed());
            for (int i = 0; i < 3; i++) {
                session.speak(SpokenLines.pick(random)).await();
            }
        }
    }

    private CapacityRow measure(VideoChatEngine engine, int count) throws InterruptedException {
        hangWatch.progress("opening " + count + " sessions");
        List<Session> sessions = new ArrayList<>();
        AtomicInteger threadIds = new AtomicInteger();
        ExecutorService drivers = Executors.newFixedThreadPool(count,
                r -> new Thread(r, "capacity-driver-" + threadIds.incrementAndGet()));
        try {
            for (int i = 0; i < count; i++) {
                sessions.add(engine.openSession(SessionOptions.builder().historyMessages(0).build()));
            }
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(settings.seconds());
            List<Callable<SessionResult>> work = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Session session = sessions.get(i);
                Random random = new Random(settings.seed() * 31 + i);
                work.add(() -> speakUntil(session, random, start, deadline));
            }
            List<SessionResult> results = new ArrayList<>();
            for (Future<SessionResult> f : drivers.invokeAll(work)) {
                results.add(f.get());
            }
            return CapacityRow.of(count, results);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a session's driver failed at N = " + count + ": " + e.getCause(),
                    e.getCause());
        } finally {
            drivers.shutdownNow();
            hangWatch.progress("closing " + count + " sessions");
            sessions.forEach(Session::close);
        }
    }

    private SessionResult speakUntil(Session session, Random random, long start, long deadline)
            throws InterruptedException {
        List<Duration> latencies = new ArrayList<>();
        Duration media = Duration.ZERO;
        int turns = 0;
        int failed = 0;
        while (System.nanoTime() < deadline) {
            TurnEvent end = session.speak(SpokenLines.pick(random)).await();
            hangWatch.progress("speaking");
            turns++;
            TurnMetrics metrics;
            if (end instanceof TurnEvent.Done done) {
                metrics = done.metrics();
            } else if (end instanceof TurnEvent.Failed f) {
                failed++;
                metrics = f.metrics();
            } else if (end instanceof TurnEvent.Cancelled c) {
                // Nothing cancels here; count it as a failure of the run, not of the latency figures.
                failed++;
                metrics = c.metrics();
            } else {
                throw new IllegalStateException("turn " + end.turnId() + " ended with " + end);
            }
            metrics.firstPacketLatency().ifPresent(latencies::add);
            media = media.plus(metrics.mediaDuration());
        }
        return new SessionResult(latencies, media, Duration.ofNanos(System.nanoTime() - start), turns, failed);
    }

    /**
     * What one session did during a capacity run.
     *
     * @param latencies first-packet latency of each turn that produced a segment
     * @param media     playing time of all its turns
     * @param wall      from the common start to the end of its last turn
     */
    record SessionResult(List<Duration> latencies, Duration media, Duration wall, int turns, int failed) {

        /** Seconds of media per second of wall time. */
        double mediaPerWallSecond() {
            return media.toNanos() / (double) wall.toNanos();
        }
    }

    /** The run's knobs: the session counts to measure and each one's wall time, s. */
    record CapacitySettings(List<Integer> sessions, int seconds, long seed, int hangSeconds, boolean keepOutput) {

        static CapacitySettings fromSystemProperties() {
            return new CapacitySettings(
                    RunProperties.integers("capacity.sessions", List.of(1, 2, 4, 8, 12, 16), 1, 1024),
                    RunProperties.integer("capacity.seconds", 20, 1, 86_400),
                    RunProperties.integer("seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                    RunProperties.integer("capacity.hangSeconds", 120, 1, 86_400),
                    RunProperties.flag("keepOutput", false));
        }

        String describe() {
            return String.format(Locale.ROOT, "N = %s sessions on one engine, each speaking lines of 1 to 70 "
                    + "words back to back (`session.speak`, then `await`) for %d s, seed %d, after a warm-up of "
                    + "three turns. Latency: from `speak` to the first playable segment, over all turns. Media "
                    + "per wall second: a session's media seconds over its wall time (to the end of its last "
                    + "turn); below 1.0 the session falls behind real time.",
                    sessions.stream().map(String::valueOf).collect(Collectors.joining(", ")), seconds, seed);
        }
    }
}
