package dev.videochat.benchmarks;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.Turn;
import dev.videochat.core.pipeline.VideoChatEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Soak run: a few hundred turns in one session of the embedded offline engines (FreeTTS, sprite, FFmpeg writing
 * HLS segments and the final MP4 to a temporary folder), some run to the end, some cancelled on their first
 * segment or after a random delay, some barged in on by the next turn. Every few turns, with no turn running, it
 * reports the process's footprint (retained heap, RSS, threads, open files) and how the turns ended, then a
 * verdict on growth between the first and the last report. Not a unit test: it takes minutes and its figures
 * depend on the machine.
 *
 * <p>Run with {@code benchmarks/soak.sh}; {@code args[0]} is the Markdown file to write (default
 * {@code benchmarks/soak-results.md}). System properties ({@code -D}), all optional:
 * {@code videochat.bench.soak.turns} (300), {@code videochat.bench.soak.every} (report every 25 turns),
 * {@code videochat.bench.seed} (1), {@code videochat.bench.soak.cancels} (share of turns cancelled, 0.3, half on
 * the first segment and half after 0–500 ms), {@code videochat.bench.soak.bargeIns} (share barged in on after
 * 0–500 ms, 0.2), {@code videochat.bench.soak.hangSeconds} (120: no turn starting for that long ends the run as
 * hung, with a thread dump), {@code videochat.bench.keepOutput} (false: the temporary folder is deleted), and
 * the engines' settings ({@link OfflineEngine}).
 */
public final class SoakBenchmark {

    /** How the driver ends a turn. */
    enum Ending {
        RUNS_OUT("ran to the end"),
        CANCEL_ON_FIRST_SEGMENT("cancelled on the first segment"),
        CANCEL_AFTER_DELAY("cancelled after 0–500 ms"),
        BARGE_IN("barged in on after 0–500 ms");

        final String description;

        Ending(String description) {
            this.description = description;
        }
    }

    private static final int MAX_DELAY_MS = 500;

    private final SoakSettings settings;
    private final MarkdownReport report;
    private final TurnOutcomes outcomes = new TurnOutcomes();
    private final Map<Ending, Integer> endings = new EnumMap<>(Ending.class);
    private final List<SoakRow> rows = new ArrayList<>();
    private final long start = System.nanoTime();
    private final HangWatch hangWatch;

    private SoakBenchmark(SoakSettings settings, MarkdownReport report, Path reportFile) {
        this.settings = settings;
        this.report = report;
        this.hangWatch = new HangWatch(settings.hangSeconds(), report, reportFile);
    }

    public static void main(String[] args) throws Exception {
        Path reportFile = Path.of(args.length > 0 ? args[0] : "benchmarks/soak-results.md");
        SoakSettings settings = SoakSettings.fromSystemProperties();
        OfflineEngine engine = OfflineEngine.fromSystemProperties();
        Path output = Files.createTempDirectory("videochat-soak-");
        MarkdownReport report = new MarkdownReport();
        report.header("Soak: " + settings.turns() + " turns in one session", engine);
        report.line(settings.describe());
        report.line("Output folder: `" + output + "`"
                + (settings.keepOutput() ? " (kept)." : " (deleted at the end)."));
        report.line();
        new SoakBenchmark(settings, report, reportFile).run(engine, output);
        report.writeTo(reportFile);
        if (!settings.keepOutput()) {
            OutputFiles.delete(output);
        }
        System.err.println("wrote " + reportFile);
    }

    private void run(OfflineEngine engineSettings, Path output) throws InterruptedException, IOException {
        report.line(SoakRow.HEADER);
        report.line(SoakRow.RULE);
        hangWatch.start();
        hangWatch.progress("building the engine and opening the session");
        try (VideoChatEngine engine = engineSettings.build(output);
             Session session = engine.openSession(SessionOptions.builder().historyMessages(0).build())) {
            record(0);
            Random random = new Random(settings.seed());
            for (int i = 1; i <= settings.turns(); i++) {
                hangWatch.progress("turn " + i);
                Turn turn = runTurn(session, random);
                if (i % settings.every() == 0 || i == settings.turns()) {
                    // A barged-in turn may still run: let it end so that its threads do not count.
                    turn.await();
                    record(i);
                }
            }
            hangWatch.progress("closing the session");
        }
        hangWatch.stop();
        report.line();
        report.line("Endings drawn: " + endingCounts() + ".");
        report.line("Output: " + OutputFiles.summary(output) + ".");
        for (String failure : outcomes.failures()) {
            report.line("- failed: " + failure);
        }
        report.line();
        report.line(SoakVerdict.of(rows, outcomes.failed()));
    }

    private Turn runTurn(Session session, Random random) throws InterruptedException {
        // Draw everything first, so the sequence of texts and endings depends on the seed alone, not on timing.
        String text = SpokenLines.pick(random);
        Ending ending = settings.draw(random);
        long delayMs = random.nextInt(MAX_DELAY_MS + 1);
        endings.merge(ending, 1, Integer::sum);
        CompletableFuture<Void> firstSegment = new CompletableFuture<>();
        Turn turn = session.speak(text, event -> {
            if (event instanceof TurnEvent.SegmentReady) {
                firstSegment.complete(null);
            }
        });
        outcomes.track(turn);
        switch (ending) {
            case RUNS_OUT -> turn.await();
            case CANCEL_ON_FIRST_SEGMENT -> {
                // Cancelled from this thread rather than the listener's, as an application's stop button would.
                waitFor(CompletableFuture.anyOf(firstSegment, turn.result().toCompletableFuture()));
                turn.cancel();
                turn.await();
            }
            case CANCEL_AFTER_DELAY -> {
                Thread.sleep(delayMs);
                turn.cancel();
                turn.await();
            }
            case BARGE_IN -> Thread.sleep(delayMs); // the next speak() starts while this turn may still run
        }
        return turn;
    }

    private static void waitFor(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get();
        } catch (ExecutionException e) {
            // The turn's completion failed; TurnOutcomes counts it. Nothing to wait for any more.
        }
    }

    private void record(int turns) {
        hangWatch.progress("measuring after turn " + turns);
        ProcessFootprint footprint = ProcessFootprint.measure();
        SoakRow row = new SoakRow(turns, (System.nanoTime() - start) / 1e9, outcomes.media().toMillis() / 1000.0,
                footprint, outcomes.done(), outcomes.cancelled(), outcomes.failed());
        rows.add(row);
        report.line(row.toMarkdown());
    }

    private String endingCounts() {
        List<String> parts = new ArrayList<>();
        for (Ending e : Ending.values()) {
            parts.add(endings.getOrDefault(e, 0) + " " + e.description);
        }
        return String.join(", ", parts);
    }

    /**
     * The run's knobs.
     *
     * @param cancels  share of turns cancelled (half on the first segment, half after a delay)
     * @param bargeIns share of turns the next one barges in on
     */
    record SoakSettings(int turns, int every, long seed, double cancels, double bargeIns, int hangSeconds,
                        boolean keepOutput) {

        static SoakSettings fromSystemProperties() {
            SoakSettings s = new SoakSettings(
                    RunProperties.integer("soak.turns", 300, 1, 1_000_000),
                    RunProperties.integer("soak.every", 25, 1, 1_000_000),
                    RunProperties.integer("seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                    RunProperties.decimal("soak.cancels", 0.3, 0, 1),
                    RunProperties.decimal("soak.bargeIns", 0.2, 0, 1),
                    RunProperties.integer("soak.hangSeconds", 120, 1, 86_400),
                    RunProperties.flag("keepOutput", false));
            if (s.cancels + s.bargeIns > 1) {
                throw new IllegalArgumentException("videochat.bench.soak.cancels + soak.bargeIns must be at most 1, "
                        + "got " + s.cancels + " + " + s.bargeIns);
            }
            return s;
        }

        Ending draw(Random random) {
            double r = random.nextDouble();
            if (r < cancels / 2) {
                return Ending.CANCEL_ON_FIRST_SEGMENT;
            } else if (r < cancels) {
                return Ending.CANCEL_AFTER_DELAY;
            } else if (r < cancels + bargeIns) {
                return Ending.BARGE_IN;
            }
            return Ending.RUNS_OUT;
        }

        String describe() {
            return String.format(Locale.ROOT, "%d turns of `session.speak` with lines of 1 to 70 words, seed %d: "
                            + "%.0f%% cancelled (half on their first segment, half after 0–500 ms), %.0f%% barged "
                            + "in on by the next turn after 0–500 ms, the rest run to the end. The footprint is "
                            + "measured every %d turns with no turn running; turn 0 is the open session before "
                            + "any turn.", turns, seed, cancels * 100, bargeIns * 100, every);
        }
    }
}
