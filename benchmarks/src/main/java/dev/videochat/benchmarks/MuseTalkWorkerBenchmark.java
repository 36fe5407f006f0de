package dev.videochat.benchmarks;

import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.FaceGenerator;
import dev.videochat.musetalk.runtime.FaceStream;
import dev.videochat.musetalk.runtime.GeneratedFaces;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Several sessions sharing one MuseTalk runtime on the tiny stand-in models (CPU, batch 4, one ONNX thread): one
 * operation is one second of video (25 frames: six full batches and the one-frame tail an utterance ends with) for
 * each of {@code sessions} sessions, all at once; frames per second = sessions × 25 / time per operation.
 *
 * <p>{@code worker}: each session submits to its stream on the shared face worker and converts its faces to BGR on
 * its own thread. {@code lock}: the path the worker replaced, rebuilt here for comparison: a fair lock around
 * filling the whole batch (a short run repeats its last frame), the run, the BGR conversion and the copy out.
 * The stand-in models take well under a millisecond, so this measures scheduling and hand-over overhead and
 * the padding the lock wastes, not the real UNet's speed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MuseTalkWorkerBenchmark {

    static final int BATCH = 4;
    static final int FRAMES_PER_SESSION = 25;
    static final int ROWS = 200;

    /** A runtime and {@code sessions} session threads. */
    @State(Scope.Benchmark)
    public static class Sessions {
        @Param({"1", "2", "4", "8"})
        int sessions;
        @Param({"worker", "lock"})
        String path;

        Path dir;
        MuseTalkRuntime runtime;
        ExecutorService threads;
        final ReentrantLock generatorLock = new ReentrantLock(true);
        final List<FaceStream> streams = new ArrayList<>();
        final float[] states = new float[ROWS * AudioPrompts.ROW_SIZE];
        final float[][] latents = new float[8][FaceGenerator.LATENT_FLOATS];

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = TinyMuseTalkModels.writeSeparate(Files.createTempDirectory("musetalk-worker-bench"));
            runtime = MuseTalkRuntime.open(dir, MuseTalkOptions.builder().device(ExecutionDevice.CPU)
                    .batchSize(BATCH).intraOpThreads(1).build());
            threads = Executors.newFixedThreadPool(sessions);
            for (int i = 0; i < states.length; i++) {
                states[i] = (float) Math.sin(i * 0.001);
            }
            for (int s = 0; s < latents.length; s++) {
                for (int k = 0; k < FaceGenerator.LATENT_FLOATS; k++) {
                    latents[s][k] = (float) Math.cos(k * 0.01 + s) * 0.5f;
                }
            }
            if (path.equals("worker")) {
                for (int s = 0; s < sessions; s++) {
                    streams.add(runtime.worker().openStream("bench-" + s));
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            threads.shutdownNow();
            streams.forEach(FaceStream::close);
            runtime.close();
            MuseTalkBenchmark.delete(dir);
        }
    }

    /** One second of video for every session, all at once. */
    @Benchmark
    public int oneSecondPerSession(Sessions s) throws Exception {
        List<Future<Integer>> done = new ArrayList<>(s.sessions);
        for (int i = 0; i < s.sessions; i++) {
            int session = i;
            done.add(s.threads.submit(() -> s.path.equals("worker") ? viaWorker(s, session) : viaLock(s, session)));
        }
        int sum = 0;
        for (Future<Integer> f : done) {
            sum += f.get();
        }
        return sum;
    }

    private static int viaWorker(Sessions s, int session) throws Exception {
        FaceStream stream = s.streams.get(session);
        float[] latent = s.latents[session];
        byte[] face = new byte[FaceGenerator.FRAME_BYTES];
        int sum = 0;
        for (int first = 0; first < FRAMES_PER_SESSION; first += BATCH) {
            int start = first;
            int count = Math.min(BATCH, FRAMES_PER_SESSION - first);
            try (GeneratedFaces faces = stream.submit(count, (frame, slot) -> {
                slot.latent(latent);
                slot.prompt(MuseTalkVersion.V1_5, s.states, ROWS, start + frame, 25);
            }).get()) {
                for (int f = 0; f < faces.frames(); f++) {
                    faces.bgr(f, face);
                    sum += face[1000];
                }
            }
        }
        return sum;
    }

    private static int viaLock(Sessions s, int session) {
        FaceGenerator generator = s.runtime.faces();
        float[] latent = s.latents[session];
        byte[] face = new byte[FaceGenerator.FRAME_BYTES];
        int sum = 0;
        for (int first = 0; first < FRAMES_PER_SESSION; first += BATCH) {
            int count = Math.min(BATCH, FRAMES_PER_SESSION - first);
            s.generatorLock.lock();
            try {
                for (int slot = 0; slot < BATCH; slot++) {
                    int source = Math.min(slot, count - 1);
                    generator.setLatent(slot, latent);
                    generator.setPrompt(slot, MuseTalkVersion.V1_5, s.states, ROWS, first + source, 25);
                }
                generator.generate();
                for (int slot = 0; slot < count; slot++) {
                    generator.frames().get(slot * FaceGenerator.FRAME_BYTES, face);
                    sum += face[1000];
                }
            } finally {
                s.generatorLock.unlock();
            }
        }
        return sum;
    }
}
