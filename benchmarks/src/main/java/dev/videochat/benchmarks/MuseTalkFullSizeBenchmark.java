package dev.videochat.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.videochat.musetalk.runtime.CudaSettings;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.testmodels.FullSizeModels;
import dev.videochat.musetalk.testmodels.FullSizeModels.Precision;
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
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * MuseTalk at full size: milliseconds per batch of the true-size stand-ins (the official UNet, VAE decoder and
 * Whisper-tiny structure with random weights, {@link FullSizeModels}); frames per second = batch x 1000 / score.
 * {@code model}: {@code unet} or {@code decoder} alone (one ONNX Runtime session on the file), {@code generator}
 * (UNet + decoder + BGR conversion through {@code MuseTalkRuntime}) or {@code fused} (the one-graph variant through
 * the runtime). One single-shot measurement after one warm-up run, since a CPU frame takes seconds.
 *
 * <p>System properties: {@code videochat.bench.musetalk.models} (the folder the stand-ins are generated into once and
 * reused from, default {@code target/musetalk-fullsize}), {@code videochat.bench.musetalk.device} ({@code cpu},
 * the default, {@code cuda}, or {@code tensorrt}: the TensorRT provider first, handing what it cannot run to CUDA),
 * {@code videochat.bench.musetalk.threads} (intra-op threads, 0 = ONNX Runtime's choice).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class MuseTalkFullSizeBenchmark {

    /** ONNX Runtime's CUDA defaults with the TensorRT provider in front (no engine cache: each trial builds). */
    static final CudaSettings TENSOR_RT = new CudaSettings(CudaSettings.ConvAlgoSearch.EXHAUSTIVE,
            CudaSettings.ArenaExtension.NEXT_POWER_OF_TWO, 0, true, Optional.empty());

    /** One model at one precision and batch, loaded once per trial. */
    @State(Scope.Benchmark)
    public static class Loaded {
        @Param({"unet", "decoder", "generator", "fused"})
        String model;
        @Param({"fp32", "fp16"})
        String precision;
        @Param({"1", "4", "8", "16"})
        int batch;

        OrtSession session;
        Map<String, OnnxTensor> inputs;
        MuseTalkRuntime runtime;

        @Setup(Level.Trial)
        public void setUp() throws IOException, OrtException {
            Precision p = Precision.valueOf(precision.toUpperCase(Locale.ROOT));
            boolean fused = model.equals("fused");
            Path folder = models(p, fused);
            String device = System.getProperty("videochat.bench.musetalk.device", "cpu").toLowerCase(Locale.ROOT);
            boolean tensorRt = device.equals("tensorrt");
            boolean cuda = tensorRt || device.equals("cuda");
            int threads = Integer.getInteger("videochat.bench.musetalk.threads", 0);
            if (model.equals("generator") || fused) {
                runtime = MuseTalkRuntime.open(folder, MuseTalkOptions.builder()
                        .device(cuda ? ExecutionDevice.CUDA : ExecutionDevice.CPU)
                        .batchSize(batch).intraOpThreads(threads).preferFp16(false)
                        .cuda(tensorRt ? TENSOR_RT : CudaSettings.defaults()).build());
                return;
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            if (tensorRt) {
                options.addTensorrt(0);
            }
            if (cuda) {
                options.addCUDA(0);
            }
            FullSizeModels.Model m = model.equals("unet") ? FullSizeModels.Model.UNET : FullSizeModels.Model.VAE_DECODER;
            session = env.createSession(folder.resolve(m.file()).toString(), options);
            inputs = new LinkedHashMap<>();
            if (m == FullSizeModels.Model.UNET) {
                inputs.put("sample", tensor(env, batch, 8, 32, 32));
                inputs.put("timestep", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {0}), new long[] {1}));
                inputs.put("encoder_hidden_states", tensor(env, batch, 50, 384));
            } else {
                inputs.put("latents", tensor(env, batch, 4, 32, 32));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            if (runtime != null) {
                runtime.close();
            }
            if (session != null) {
                inputs.values().forEach(OnnxTensor::close);
                session.close();
            }
        }
    }

    /** One batch through the chosen model. */
    @Benchmark
    public Object batch(Loaded s) throws OrtException {
        if (s.runtime != null) {
            s.runtime.faces().generate();
            return s.runtime.faces().frames();
        }
        try (OrtSession.Result r = s.session.run(s.inputs)) {
            return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        }
    }

    /** The stand-in folder for a precision and layout, generated on first use (a marker file says it is complete). */
    static Path models(Precision precision, boolean fused) throws IOException {
        Path root = Path.of(System.getProperty("videochat.bench.musetalk.models", "target/musetalk-fullsize"));
        Path folder = root.resolve(precision.name().toLowerCase(Locale.ROOT)).resolve(fused ? "fused" : "separate");
        Path done = folder.resolve("complete");
        if (!Files.exists(done)) {
            FullSizeModels.writeFolder(folder, precision, fused, 1);
            Files.writeString(done, "written by MuseTalkFullSizeBenchmark\n");
        }
        return folder;
    }

    private static OnnxTensor tensor(OrtEnvironment env, long... shape) throws OrtException {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) Math.sin(i * 0.001) * 0.5f;
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
    }
}
