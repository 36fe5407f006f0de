package dev.videochat.vad.silero;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.api.vad.VadStream;
import dev.videochat.api.vad.VoiceActivityDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
}
