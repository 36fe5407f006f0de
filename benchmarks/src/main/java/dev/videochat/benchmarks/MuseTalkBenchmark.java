package dev.videochat.benchmarks;

import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.audio.WhisperLogMel;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.FaceGenerator;
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
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * MuseTalk on the CPU with the tiny stand-in models: the cost of the audio features (divide by 10 s for the
 * real-time factor) and of one UNet + VAE-decoder batch including the BGR conversion (frames per second =
 * batch / time). The stand-ins measure the Java side and ONNX Runtime's per-call overhead, not the real
 * networks' arithmetic.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MuseTalkBenchmark {

    /** Seconds of audio in the feature benchmarks. */
    static final int AUDIO_SECONDS = 10;

    /** Ten seconds of a synthetic voiced signal and a runtime with batch 1. */
    @State(Scope.Benchmark)
    public static class Features {
        final WhisperLogMel logMel = new WhisperLogMel();
        final float[] out = new float[WhisperLogMel.OUTPUT_SIZE];
        final float[] samples = new float[AUDIO_SECONDS * WhisperLogMel.SAMPLE_RATE];
        Path dir;
        MuseTalkRuntime runtime;
        float[] states;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            for (int i = 0; i < samples.length; i++) {
                double t = i / (double) WhisperLogMel.SAMPLE_RATE;
                double f0 = 120 + 40 * Math.sin(2 * Math.PI * 0.5 * t);
                samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.1 * Math.sin(2 * Math.PI * 3 * f0 * t));
            }
            dir = TinyMuseTalkModels.writeSeparate(Files.createTempDirectory("musetalk-bench"));
            runtime = MuseTalkRuntime.open(dir, MuseTalkOptions.builder().device(ExecutionDevice.CPU).batchSize(1).build());
            states = runtime.whisper().encode(samples);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            runtime.close();
            delete(dir);
        }
    }

    /** A runtime whose face generator runs {@code batch} frames per call. */
    @State(Scope.Benchmark)
    public static class Faces {
        @Param({"1", "4", "8"})
        int batch;
        Path dir;
        MuseTalkRuntime runtime;
        float[] states;
        int rows;
        int frame;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = TinyMuseTalkModels.writeSeparate(Files.createTempDirectory("musetalk-bench"));
            runtime = MuseTalkRuntime.open(dir, MuseTalkOptions.builder().device(ExecutionDevice.CPU).batchSize(batch).build());
            rows = 500;
            states = new float[rows * AudioPrompts.ROW_SIZE];
            for (int i = 0; i < states.length; i++) {
                states[i] = (float) Math.sin(i * 0.001);
            }
            FaceGenerator faces = runtime.faces();
            for (int i = 0; i < faces.latents().limit(); i++) {
                faces.latents().put(i, (float) Math.cos(i * 0.01) * 0.5f);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            runtime.close();
            delete(dir);
        }
    }

    /** Whisper log-mel of 10 s of speech (one 30 s window, silent frames skipped). */
    @Benchmark
    public float logMel10s(Features s) {
        s.logMel.compute(s.samples, 0, s.samples.length, s.out);
        return s.out[1234];
    }

    /** Log-mel plus the (tiny) Whisper encoder for 10 s of speech: the whole feature step. */
    @Benchmark
    public float features10s(Features s) {
        return s.runtime.whisper().encode(s.samples)[4321];
    }

    /** Prompts (window + positional encoding) for one batch, then UNet, decoder and BGR conversion. */
    @Benchmark
    public byte facesBatch(Faces s) {
        FaceGenerator faces = s.runtime.faces();
        for (int slot = 0; slot < s.batch; slot++) {
            faces.setPrompt(slot, MuseTalkVersion.V1_5, s.states, s.rows, s.frame, 25);
            s.frame = (s.frame + 1) % 250;
        }
        faces.generate();
        return faces.frames().get(1000);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
