package dev.videochat.vad.silero;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.api.vad.VadStream;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.config.BuilderChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Silero VAD v5/v6 on ONNX Runtime, on the CPU: a speech probability for every 32 ms of 16 kHz audio (512 samples).
 * One loaded model (one {@link OrtSession}, which is thread-safe) serves every stream; each {@link #open() stream}
 * keeps its own recurrent state and the 64 samples of context the model reads before each frame. The model's
 * tensors (see {@link SileroContract}) are checked when it loads, and one frame is run as a warm-up.
 *
 * <pre>{@code
 * try (SileroVad vad = SileroVad.load(Path.of("models/silero_vad.onnx"));
 *      VadStream stream = vad.open()) {
 *     float p = stream.speechProbability(frame512);
 * }
 * }</pre>
 * or, finding the file as the {@code silero} provider does (which maps its settings onto this builder):
 * <pre>{@code
 * VoiceActivityDetector vad = SileroVad.builder().modelsDir(Path.of("models")).threads(1).build();
 * }</pre>
 */
public final class SileroVad implements VoiceActivityDetector {

    /** The provider name. */
    public static final String NAME = "silero";
    /** The rate the model takes, Hz. */
    public static final int SAMPLE_RATE = 16_000;
    /** New samples per frame (32 ms at 16 kHz). */
    public static final int FRAME_SAMPLES = 512;
    /** Samples of the previous frame the model reads before each frame. */
    static final int CONTEXT_SAMPLES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(SileroVad.class);

    private final Path file;
    private final OrtSession session;
    private final boolean sampleRateIsVector;
    private final Set<SileroStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SileroVad(Path file, OrtSession session, boolean sampleRateIsVector) {
        this.file = file;
        this.session = session;
        this.sampleRateIsVector = sampleRateIsVector;
    }

    /**
     * A builder: the model from {@link Builder#model(Path)}, else {@link Builder#modelsDir(Path)}, else the
     * environment variable {@value SileroVadProvider#MODEL_ENV}; one thread.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Loads {@code model} with one intra-op thread (best for 32 ms frames; run more streams rather than threads). */
    public static SileroVad load(Path model) {
        return load(model, 1);
    }

    /**
     * Loads {@code model}.
     *
     * @param model   a Silero VAD v5 or v6 ONNX file ({@code silero_vad.onnx})
     * @param threads ONNX Runtime intra-op threads per frame, 1 to 64
     * @throws ModelException naming the file when it is missing, cannot be loaded, does not fit the contract or
     *                        fails its warm-up frame
     * @throws ConfigurationException when ONNX Runtime's natives cannot be loaded on this platform
     */
    public static SileroVad load(Path model, int threads) {
        Objects.requireNonNull(model, "model");
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1..64, got " + threads);
        }
        if (!Files.isRegularFile(model)) {
            throw new ModelException(Stage.VAD, NAME, "no Silero VAD model at " + model.toAbsolutePath());
        }
        OrtEnvironment env = environment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model.toString(), options);
            boolean vector = SileroContract.check(session, model);
            SileroVad vad = new SileroVad(model, session, vector);
            vad.warmUp();
            LOG.info("Silero VAD loaded from {} ({} intra-op thread(s))", model, threads);
            return vad;
        } catch (OrtException e) {
            closeAfterFailure(session, e);
            throw new ModelException(Stage.VAD, NAME, "cannot load the Silero VAD model " + model + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(session, e);
            throw e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@value #SAMPLE_RATE} Hz. */
    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    /** {@value #FRAME_SAMPLES} samples (32 ms). */
    @Override
    public int frameSamples() {
        return FRAME_SAMPLES;
    }

    /** The model file. */
    public Path file() {
        return file;
    }

    /**
     * A new stream with zero state and silence as context.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public synchronized VadStream open() {
        if (closed) {
            throw new IllegalStateException("the Silero VAD model " + file + " is closed");
        }
        try {
            SileroStream stream = new SileroStream(this);
            streams.add(stream);
            return stream;
        } catch (OrtException e) {
            throw new ModelException(Stage.VAD, NAME, "cannot create the tensors of a Silero VAD stream: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Closes the streams still open, then the model. Idempotent. No stream may be in the middle of a frame: stop
     * feeding them first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SileroStream stream : List.copyOf(streams)) {
            stream.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException(Stage.VAD, NAME, "cannot close the Silero VAD model " + file + ": "
                    + e.getMessage(), e);
        }
    }

    OrtSession session() {
        return session;
    }

    boolean sampleRateIsVector() {
        return sampleRateIsVector;
    }

    void forget(SileroStream stream) {
        streams.remove(stream);
    }

    /** Runs one frame so that the first real frame does not pay for ONNX Runtime's lazy initialisation. */
    private void warmUp() {
        try (VadStream stream = open()) {
            float p = stream.speechProbability(new short[FRAME_SAMPLES]);
            if (!(p >= 0 && p <= 1)) {
                throw new ModelException(Stage.VAD, NAME, "model file " + file
                        + " gave a speech probability of " + p + " for silence; expected 0..1");
            }
        }
    }

    /** ONNX Runtime's environment, loading its natives on first use, or an error naming the platform. */
    static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (LinkageError | RuntimeException e) {
            throw new ConfigurationException(Stage.VAD, NAME, "cannot load ONNX Runtime's natives for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e
                    + ". The com.microsoft.onnxruntime:onnxruntime jar ships Linux x64/aarch64, Windows x64 and "
                    + "macOS natives; on another platform build ONNX Runtime for it.", e);
        }
    }

    private static void closeAfterFailure(OrtSession session, Exception failure) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Builds a {@link SileroVad}, finding its model file; each method checks its value and names itself. */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.VAD, NAME, "SileroVad.builder()");

        private Path model;
        private Path modelsDir;
        private int threads = 1;
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        /** The {@code silero_vad.onnx} file; it wins over {@link #modelsDir(Path)} and the environment. */
        public Builder model(Path file) {
            this.model = CHECK.notNull("model(Path)", file);
            return this;
        }

        /** A folder holding {@code silero_vad.onnx} or {@code silero_vad/silero_vad.onnx}. */
        public Builder modelsDir(Path folder) {
            this.modelsDir = CHECK.notNull("modelsDir(Path)", folder);
            return this;
        }

        /** ONNX Runtime intra-op threads per frame, 1 to 64 (default 1: run more streams rather than threads). */
        public Builder threads(int threads) {
            this.threads = CHECK.range("threads(int)", threads, 1, 64);
            return this;
        }

        /** For tests: {@code lookup} stands in for {@link System#getenv(String)}. */
        Builder environment(Function<String, String> lookup) {
            this.environment = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * Loads the model and runs one warm-up frame.
         *
         * @throws ConfigurationException naming the method, setting or variable when no model file is found
         * @throws ModelException         when the file does not load or does not fit the contract
         */
        public VoiceActivityDetector build() {
            return load(modelFile(), threads);
        }

        /** Where the model is: {@link #model(Path)}, else in {@link #modelsDir(Path)}, else the environment's. */
        Path modelFile() {
            if (model != null) {
                if (!Files.isRegularFile(model)) {
                    throw CHECK.invalid("model(Path)", "names " + model.toAbsolutePath() + ", which is not a file; "
                            + SileroVadProvider.WHERE_TO_GET);
                }
                return model;
            }
            if (modelsDir != null) {
                for (Path candidate : new Path[] {modelsDir.resolve(SileroVadProvider.FILE_NAME),
                        modelsDir.resolve("silero_vad").resolve(SileroVadProvider.FILE_NAME)}) {
                    if (Files.isRegularFile(candidate)) {
                        return candidate;
                    }
                }
                throw CHECK.invalid("modelsDir(Path)", "names " + modelsDir.toAbsolutePath() + ", which holds neither "
                        + SileroVadProvider.FILE_NAME + " nor silero_vad/" + SileroVadProvider.FILE_NAME + "; "
                        + SileroVadProvider.WHERE_TO_GET);
            }
            String fromEnv = environment.apply(SileroVadProvider.MODEL_ENV);
            if (fromEnv != null && !fromEnv.isBlank()) {
                Path file = Path.of(fromEnv.trim());
                if (!Files.isRegularFile(file)) {
                    throw new ConfigurationException(Stage.VAD, NAME, "environment variable "
                            + SileroVadProvider.MODEL_ENV + " names " + file.toAbsolutePath()
                            + ", which is not a file; " + SileroVadProvider.WHERE_TO_GET);
                }
                return file;
            }
            throw new ConfigurationException(Stage.VAD, NAME, "no Silero VAD model: pass .model(..) (the "
                    + SileroVadProvider.FILE_NAME + " file) or .modelsDir(..) (its folder) to SileroVad.builder(), "
                    + "set 'model' or 'models-dir' likewise, or the environment variable " + SileroVadProvider.MODEL_ENV
                    + "; " + SileroVadProvider.WHERE_TO_GET);
        }
    }
}
