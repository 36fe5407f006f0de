package dev.videochat.benchmarks;

import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.runtime.CudaSettings;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.FaceGenerator;
import dev.videochat.musetalk.runtime.FaceStream;
import dev.videochat.musetalk.runtime.FaceWorker;
import dev.videochat.musetalk.runtime.GeneratedFaces;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.runtime.SessionAdmission;
import dev.videochat.musetalk.testmodels.FullSizeModels.Precision;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * How many 25 fps sessions one MuseTalk runtime carries through its shared face worker, on the true-size stand-ins
 * ({@link MuseTalkFullSizeBenchmark#models}). Each session is paced like a player: it asks for faces in runs of one
 * batch, never more than {@code lookahead} frames ahead of its playback clock, and plays frame k at
 * {@code start + buffer + k / fps}, where {@code start} is when its first run (converted to BGR) came back. A frame
 * ready after its play time is late. A load of N sessions is held when every session's late frames stay under 1 %
 * of its frames and none is later than {@code maxLate}; the first frame later than that ends the load at once (it
 * cannot be held any more), so a failed load's figures cover the time until then.
 *
 * <p>The sweep doubles N from 1 until a load is not held, then halves the gap between the last held and the first
 * failed load until they are adjacent; N sessions all start at once (the worst case for the first run). Compositing
 * into the avatar's frame, which the sessions' own threads do on the CPU, is left out;
 * Whisper, once per utterance, costs 37 GFLOP per 30 s of audio against the faces' 800 GFLOP per frame.
 *
 * <p>{@code args[0]}: the Markdown file to write (default {@code benchmarks/musetalk-sessions-results.md}). System
 * properties, all optional: {@code videochat.bench.musetalk.models}, {@code videochat.bench.musetalk.device} and
 * {@code videochat.bench.musetalk.threads} as for {@link MuseTalkFullSizeBenchmark};
 * {@code videochat.bench.sessions.precision} (fp32), {@code videochat.bench.sessions.batch} (8),
 * {@code videochat.bench.sessions.seconds} (video seconds per session per load, 10),
 * {@code videochat.bench.sessions.list} (loads to run instead of the sweep, e.g. {@code 1,2,4}),
 * {@code videochat.bench.sessions.max} (the sweep's largest load, 256), {@code videochat.bench.sessions.budget}
 * (seconds; no load starts after it, 0 = none), {@code videochat.bench.sessions.buffer} (ms, 200),
 * {@code videochat.bench.sessions.maxLate} (ms, 200), {@code videochat.bench.sessions.fps} (25).
 */
public final class MuseTalkSessionsBenchmark {

    private static final int ROWS = 200;

    /** What one load of N sessions did. */
    record Load(int sessions, double seconds, long frames, long lateFrames, double worstLateShare, double maxLateMs,
                double firstRunP50Ms, double firstRunMaxMs, double slowestFps, double paddedShare, boolean held,
                boolean stoppedEarly) {

        String row() {
            return String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.2f %% | %.0f | %.0f | %.0f | %.0f %% | %s |",
                    sessions, held ? "held" : stoppedEarly ? "**not held** (stopped at %.1f s)".formatted(seconds)
                            : "**not held**", frames / seconds, slowestFps, worstLateShare * 100, maxLateMs,
                    firstRunP50Ms, firstRunMaxMs, paddedShare * 100, lateFrames + " of " + frames);
        }
    }

    /** One session's playback record. */
    private record Played(long frames, long late, double maxLateMs, double firstRunMs, double fps) {
    }

    /** A run of frames asked for, from frame {@code first}. */
    private record Run(int first, CompletableFuture<GeneratedFaces> faces) {
    }

    /** Set by the first session with a frame later than {@link #maxLateMs}: every session of the load stops. */
    private final AtomicBoolean lost = new AtomicBoolean();

    private final MuseTalkRuntime runtime;
    private final int batch;
    private final int videoFrames;
    private final double fps;
    private final long bufferNanos;
    private final double maxLateMs;
    private final int lookahead;
    private final float[] states = new float[ROWS * AudioPrompts.ROW_SIZE];

    private MuseTalkSessionsBenchmark(MuseTalkRuntime runtime, int batch, int videoFrames, double fps,
                                      long bufferMillis, double maxLateMs) {
        this.runtime = runtime;
        this.batch = batch;
        this.videoFrames = videoFrames;
        this.fps = fps;
        this.bufferNanos = TimeUnit.MILLISECONDS.toNanos(bufferMillis);
        this.maxLateMs = maxLateMs;
        this.lookahead = lookahead(batch, fps);
        for (int i = 0; i < states.length; i++) {
            states[i] = (float) Math.sin(i * 0.001);
        }
    }

    /** Frames a session may have generated ahead of its playback: two batches, and at least a second. */
    private static int lookahead(int batch, double fps) {
        return Math.max(2 * batch, (int) Math.ceil(fps));
    }

    public static void main(String[] args) throws Exception {
        Path reportFile = Path.of(args.length > 0 ? args[0] : "benchmarks/musetalk-sessions-results.md");
        Precision precision = Precision.valueOf(
                System.getProperty("videochat.bench.sessions.precision", "fp32").toUpperCase(Locale.ROOT));
        String device = System.getProperty("videochat.bench.musetalk.device", "cpu").toLowerCase(Locale.ROOT);
        int threads = RunProperties.integer("musetalk.threads", 0, 0, 1024);
        int batch = RunProperties.integer("sessions.batch", 8, 1, 256);
        double fps = RunProperties.decimal("sessions.fps", 25, 1, 120);
        int seconds = RunProperties.integer("sessions.seconds", 10, 1, 3600);
        int max = RunProperties.integer("sessions.max", 256, 1, 4096);
        int budgetSeconds = RunProperties.integer("sessions.budget", 0, 0, 86_400);
        int buffer = RunProperties.integer("sessions.buffer", 200, 0, 60_000);
        double maxLate = RunProperties.decimal("sessions.maxLate", 200, 0, 60_000);
        List<Integer> list = RunProperties.integers("sessions.list", List.of(), 1, 4096);
        long deadline = budgetSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(budgetSeconds) : Long.MAX_VALUE;

        Path folder = MuseTalkFullSizeBenchmark.models(precision, false);
        boolean tensorRt = device.equals("tensorrt");
        boolean cuda = tensorRt || device.equals("cuda");
        MarkdownReport report = new MarkdownReport();
        report.line("# MuseTalk sessions through the shared face worker");
        report.line();
        report.line(String.format(Locale.ROOT, "Measured %s on: %d cores, %s %s, Java %s; device %s, %s stand-ins in %s, "
                        + "batch %d, %d s of %.0f fps video per session per load, playback %d ms behind the first run, "
                        + "at most %d frames generated ahead; held = under 1 %% of frames late and none by more than "
                        + "%.0f ms.", LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), device,
                precision.name().toLowerCase(Locale.ROOT), folder, batch, seconds, fps, buffer,
                lookahead(batch, fps), maxLate));
        report.line();
        try (MuseTalkRuntime runtime = MuseTalkRuntime.open(folder, MuseTalkOptions.builder()
                .device(cuda ? ExecutionDevice.CUDA : ExecutionDevice.CPU).batchSize(batch).intraOpThreads(threads)
                .preferFp16(false).cuda(tensorRt ? MuseTalkFullSizeBenchmark.TENSOR_RT : CudaSettings.defaults())
                // Admission stays off (the sweep opens every load); its estimate is printed for the same fps.
                .admission(new SessionAdmission(SessionAdmission.Policy.OFF, (int) Math.ceil(fps),
                        Duration.ofSeconds(30)))
                .build())) {
            MuseTalkSessionsBenchmark bench = new MuseTalkSessionsBenchmark(runtime, batch,
                    (int) Math.round(seconds * fps), fps, buffer, maxLate);
            long warm = System.nanoTime();
            bench.warmUp();
            report.line(String.format(Locale.ROOT, "Warm-up (one session, %d batches): %.1f s; the worker measured "
                            + "%.1f frames/s and its admission control would take %s sessions at %.0f fps.",
                    3, (System.nanoTime() - warm) / 1e9, runtime.worker().stats().framesPerSecond(),
                    runtime.worker().spareSessions().isPresent()
                            ? String.valueOf(runtime.worker().spareSessions().getAsInt()) : "(not measured)", fps));
            report.line();
            report.line("| sessions | verdict | frames/s, all | frames/s, slowest session | late frames, worst session "
                    + "| latest frame, ms | first run p50, ms | first run max, ms | padded slots | late / frames |");
            report.line("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
            if (!list.isEmpty()) {
                for (int n : list) {
                    report.line(System.nanoTime() > deadline ? "| " + n + " | not run: budget spent | | | | | | | | |"
                            : bench.run(n).row());
                }
            } else {
                int held = 0;
                int failed = -1;
                int n = 1;
                while (n > held && (failed < 0 || n < failed) && n <= max) {
                    if (System.nanoTime() > deadline) {
                        report.line("| " + n + " | not run: budget spent | | | | | | | | |");
                        break;
                    }
                    Load load = bench.run(n);
                    report.line(load.row());
                    if (load.held()) {
                        held = n;
                    } else {
                        failed = n;
                    }
                    n = failed < 0 ? n * 2 : held + (failed - held) / 2;
                }
                report.line();
                report.line(held == 0
                        ? String.format(Locale.ROOT, "Sessions carried at %.0f fps: **0** (not even one session held).", fps)
                        : String.format(Locale.ROOT, "Sessions carried at %.0f fps: **%d**%s.", fps, held,
                        failed < 0 ? " (the largest load tried)" : " (" + failed + " were not held)"));
            }
            report.writeTo(reportFile);
        }
    }

    /** Three batches for one session, so ONNX Runtime's first runs and the worker's meter are behind us. */
    private void warmUp() throws Exception {
        try (FaceStream stream = runtime.worker().openStream("warm-up")) {
            byte[] face = new byte[FaceGenerator.FRAME_BYTES];
            float[] latent = latent(0);
            for (int i = 0; i < 3; i++) {
                int first = i * batch;
                try (GeneratedFaces faces = stream.submit(batch, (frame, slot) -> {
                    slot.latent(latent);
                    slot.prompt(MuseTalkVersion.V1_5, states, ROWS, (first + frame) % 50, fps);
                }).get()) {
                    for (int f = 0; f < faces.frames(); f++) {
                        faces.bgr(f, face);
                    }
                }
            }
        }
    }

    /** N paced sessions at once. */
    Load run(int sessions) throws Exception {
        FaceWorker worker = runtime.worker();
        FaceWorker.Stats before = worker.stats();
        lost.set(false);
        ExecutorService threads = Executors.newFixedThreadPool(sessions);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Played>> played = new ArrayList<>();
        try {
            for (int s = 0; s < sessions; s++) {
                int session = s;
                played.add(threads.submit(() -> {
                    go.await();
                    return play(worker, session);
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            List<Played> results = new ArrayList<>();
            for (Future<Played> f : played) {
                results.add(f.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            FaceWorker.Stats after = worker.stats();
            long frames = 0;
            long late = 0;
            double worstShare = 0;
            double latest = 0;
            double slowest = Double.MAX_VALUE;
            // A session the load's end stopped before its first run has no first-run time.
            double[] firsts = results.stream().filter(p -> p.frames() > 0).mapToDouble(Played::firstRunMs).sorted()
                    .toArray();
            for (Played p : results) {
                frames += p.frames();
                late += p.late();
                worstShare = Math.max(worstShare, p.frames() == 0 ? 0 : p.late() / (double) p.frames());
                latest = Math.max(latest, p.maxLateMs());
                slowest = Math.min(slowest, p.fps());
            }
            if (firsts.length == 0) {
                firsts = new double[] {Double.NaN};
            }
            long slots = (after.batches() - before.batches()) * (long) batch;
            double padded = slots == 0 ? 0 : (after.paddedSlots() - before.paddedSlots()) / (double) slots;
            // A load that was stopped had a frame later than maxLateMs, so it fails the second test.
            boolean held = worstShare < 0.01 && latest <= maxLateMs;
            return new Load(sessions, seconds, frames, late, worstShare, latest, firsts[(firsts.length - 1) / 2],
                    firsts[firsts.length - 1], slowest, padded, held, lost.get());
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** One session: runs of one batch, at most {@link #lookahead} frames ahead of its playback clock. */
    private Played play(FaceWorker worker, int session) throws Exception {
        float[] latent = latent(session);
        byte[] face = new byte[FaceGenerator.FRAME_BYTES];
        long begin = System.nanoTime();
        long playStart = -1;
        long late = 0;
        double maxLate = 0;
        double firstRun = 0;
        int received = 0;
        try (FaceStream stream = worker.openStream("bench-" + session)) {
            ArrayDeque<Run> inFlight = new ArrayDeque<>();
            int submitted = 0;
            while (received < videoFrames && !lost.get()) {
                // Keep up to two runs queued, never past the lookahead (the player's buffer) once playing.
                while (submitted < videoFrames && inFlight.size() < 2
                        && (playStart < 0 || submitted - lookahead <= played(playStart))) {
                    int first = submitted;
                    int count = Math.min(batch, videoFrames - submitted);
                    inFlight.add(new Run(first, stream.submit(count, (frame, slot) -> {
                        slot.latent(latent);
                        slot.prompt(MuseTalkVersion.V1_5, states, ROWS, (first + frame) % 50, fps);
                    })));
                    submitted += count;
                }
                if (inFlight.isEmpty()) {
                    // Ahead of playback: wait until the player has room for the next run.
                    long due = playStart + (long) ((submitted - lookahead + 1) * 1e9 / fps);
                    LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
                    continue;
                }
                Run run = inFlight.remove();
                int first = run.first();
                try (GeneratedFaces faces = run.faces().get()) {
                    for (int f = 0; f < faces.frames(); f++) {
                        faces.bgr(f, face);
                    }
                    long now = System.nanoTime();
                    if (playStart < 0) {
                        firstRun = (now - begin) / 1e6;
                        playStart = now + bufferNanos;
                    }
                    for (int f = 0; f < faces.frames(); f++) {
                        double lateMs = (now - (playStart + (first + f) * 1e9 / fps)) / 1e6;
                        if (lateMs > 0) {
                            late++;
                            maxLate = Math.max(maxLate, lateMs);
                        }
                        if (lateMs > maxLateMs) {
                            lost.set(true);
                        }
                    }
                    received += faces.frames();
                }
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return new Played(received, late, maxLate, firstRun, received / seconds);
    }

    /** The frame the player shows now (negative before it starts). */
    private long played(long playStart) {
        return (long) Math.floor((System.nanoTime() - playStart) * fps / 1e9);
    }

    private static float[] latent(int session) {
        float[] latent = new float[FaceGenerator.LATENT_FLOATS];
        for (int k = 0; k < latent.length; k++) {
            latent[k] = (float) Math.cos(k * 0.01 + session) * 0.5f;
        }
        return latent;
    }
}
