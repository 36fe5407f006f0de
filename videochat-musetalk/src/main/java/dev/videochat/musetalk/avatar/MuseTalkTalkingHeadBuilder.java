package dev.videochat.musetalk.avatar;

import dev.videochat.api.Stage;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.core.config.BuilderChecks;
import dev.videochat.musetalk.runtime.CudaSettings;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.InferenceBackend;
import dev.videochat.musetalk.runtime.InferenceBackends;
import dev.videochat.musetalk.runtime.ModelManifest;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.runtime.SessionAdmission;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@code musetalk} talking head; get one from {@link MuseTalkTalkingHead#builder()}. Each method checks
 * its value and names itself when it is wrong; {@link #build()} loads the models. The {@code musetalk} provider maps
 * its settings onto this builder (one key to the method of the same name in camel case).
 *
 * <pre>{@code
 * TalkingHead thg = MuseTalkTalkingHead.builder()
 *         .models(Path.of("models/musetalk")).avatars(Path.of("avatars"))
 *         .device(ExecutionDevice.CUDA).batchSize(8)
 *         .build();
 * }</pre>
 */
public final class MuseTalkTalkingHeadBuilder {

    private static final BuilderChecks CHECK = new BuilderChecks(Stage.THG, MuseTalkTalkingHead.NAME,
            "MuseTalkTalkingHead.builder()");

    private Path models;
    private Path avatars = Path.of("avatars");
    private final MuseTalkOptions.Builder options = MuseTalkOptions.builder();
    private Duration lookahead = Duration.ofMillis(200);
    private SessionAdmission.Policy admission = SessionAdmission.Policy.OFF;
    private int sessionFps = 25;
    private Duration admissionWait = Duration.ofSeconds(30);
    private CudaSettings.ConvAlgoSearch convAlgoSearch = CudaSettings.ConvAlgoSearch.EXHAUSTIVE;
    private CudaSettings.ArenaExtension cudaArena = CudaSettings.ArenaExtension.NEXT_POWER_OF_TWO;
    private int cudaMemoryLimitMb;
    private boolean tensorRt;
    private Path tensorRtCache;
    private String backend = InferenceBackends.ONNX;
    private Map<String, String> backendSettings = Map.of();

    /** Use {@link MuseTalkTalkingHead#builder()}. */
    public MuseTalkTalkingHeadBuilder() {
    }

    /**
     * The folder of MuseTalk ONNX models (see the module's README: {@code tools/export_onnx.py} writes one);
     * required.
     */
    public MuseTalkTalkingHeadBuilder models(Path folder) {
        this.models = CHECK.notNull("models(Path)", folder);
        return this;
    }

    /** The folder of prepared avatars, offered by name (default {@code avatars}). */
    public MuseTalkTalkingHeadBuilder avatars(Path folder) {
        this.avatars = CHECK.notNull("avatars(Path)", folder);
        return this;
    }

    /** Where to run (default {@link ExecutionDevice#AUTO}: CUDA when it can be used, the CPU otherwise). */
    public MuseTalkTalkingHeadBuilder device(ExecutionDevice device) {
        options.device(CHECK.notNull("device(ExecutionDevice)", device));
        return this;
    }

    /** The CUDA device ordinal, 0 to 1024 (default 0, the first GPU). */
    public MuseTalkTalkingHeadBuilder cudaDevice(int ordinal) {
        options.cudaDeviceId(CHECK.range("cudaDevice(int)", ordinal, 0, 1024));
        return this;
    }

    /** Video frames per UNet call, 1 to 256, or 0 (the default) to choose from the model and the device. */
    public MuseTalkTalkingHeadBuilder batchSize(int frames) {
        options.batchSize(CHECK.range("batchSize(int)", frames, 0, 256));
        return this;
    }

    /** CPU threads per ONNX session, 1 to 1024, or 0 (the default) for ONNX Runtime's own choice. */
    public MuseTalkTalkingHeadBuilder threads(int threads) {
        options.intraOpThreads(CHECK.range("threads(int)", threads, 0, 1024));
        return this;
    }

    /** Whether fp16 model files are preferred on CUDA (default true). */
    public MuseTalkTalkingHeadBuilder fp16(boolean prefer) {
        options.preferFp16(prefer);
        return this;
    }

    /**
     * Once the new speech between feature updates, 40 ms to 30 s; it has no effect: features are encoded once per
     * batch of frames as speech streams. Still checked, and a warning is logged, so that code setting it keeps
     * building until it is removed.
     *
     * @deprecated no effect since the streaming animator; remove the call
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public MuseTalkTalkingHeadBuilder featureStep(Duration step) {
        between("featureStep(Duration)", step, Duration.ofMillis(40), Duration.ofSeconds(30));
        MuseTalkTalkingHead.warnFeatureStepIgnored();
        return this;
    }

    /** Speech a frame waits for after its audio window, 0 to 5 s (default 200 ms). */
    public MuseTalkTalkingHeadBuilder lookahead(Duration lookahead) {
        this.lookahead = between("lookahead(Duration)", lookahead, Duration.ZERO, Duration.ofSeconds(5));
        return this;
    }

    /** What happens to a session the face worker's measured rate cannot carry (default {@code OFF}). */
    public MuseTalkTalkingHeadBuilder admission(SessionAdmission.Policy policy) {
        this.admission = CHECK.notNull("admission(Policy)", policy);
        return this;
    }

    /** How long {@code QUEUE} admission waits for a place (default 30 s). */
    public MuseTalkTalkingHeadBuilder admissionWait(Duration wait) {
        this.admissionWait = CHECK.notNegative("admissionWait(Duration)", wait);
        return this;
    }

    /** Frames per second one session needs, 1 to 120 (default 25). */
    public MuseTalkTalkingHeadBuilder sessionFps(int fps) {
        this.sessionFps = CHECK.range("sessionFps(int)", fps, 1, 120);
        return this;
    }

    /** How cuDNN picks convolution algorithms (default {@code EXHAUSTIVE}, ONNX Runtime's). Not yet run on a GPU. */
    public MuseTalkTalkingHeadBuilder cudnnConvAlgoSearch(CudaSettings.ConvAlgoSearch search) {
        this.convAlgoSearch = CHECK.notNull("cudnnConvAlgoSearch(ConvAlgoSearch)", search);
        return this;
    }

    /** How the CUDA memory arena grows (default {@code NEXT_POWER_OF_TWO}). Not yet run on a GPU. */
    public MuseTalkTalkingHeadBuilder cudaArena(CudaSettings.ArenaExtension extension) {
        this.cudaArena = CHECK.notNull("cudaArena(ArenaExtension)", extension);
        return this;
    }

    /** The CUDA arena's limit, 0 (none, the default) to 16,777,216 MiB. Not yet run on a GPU. */
    public MuseTalkTalkingHeadBuilder cudaMemoryLimitMb(int mebibytes) {
        this.cudaMemoryLimitMb = CHECK.range("cudaMemoryLimitMb(int)", mebibytes, 0, 1 << 24);
        return this;
    }

    /** Whether the TensorRT provider runs before CUDA (default false). Not yet run on a GPU. */
    public MuseTalkTalkingHeadBuilder tensorRt(boolean on) {
        this.tensorRt = on;
        return this;
    }

    /** Where TensorRT keeps its built engines, so later starts skip the build (default none). */
    public MuseTalkTalkingHeadBuilder tensorRtCache(Path folder) {
        this.tensorRtCache = CHECK.notNull("tensorRtCache(Path)", folder);
        return this;
    }

    /**
     * Where the models run: {@code onnx} (the default, ONNX Runtime in this process) or {@code kserve} (a KServe v2 /
     * Triton server; needs {@code videochat-musetalk-kserve} on the class path), with that backend's own settings
     * ({@code kserve-url}, ...; see that module's README).
     */
    public MuseTalkTalkingHeadBuilder backend(String name, Map<String, String> settings) {
        CHECK.notNull("backend(String, Map)", name);
        CHECK.notNull("backend(String, Map)", settings);
        this.backend = name;
        this.backendSettings = Map.copyOf(settings);
        return this;
    }

    /**
     * Loads the models (one warm-up run each) and returns the talking head, which owns them.
     *
     * @throws dev.videochat.api.ConfigurationException when the model folder is not given or not a folder, or CUDA
     *                                                  was required but cannot be used
     * @throws dev.videochat.api.ModelException         when a model is missing, unloadable or off-contract
     */
    public TalkingHead build() {
        if (models == null) {
            throw CHECK.missing("models", "models", "models", "the folder of MuseTalk ONNX models (see "
                    + "videochat-musetalk/README.md: tools/export_onnx.py writes one)");
        }
        if (!Files.isDirectory(models)) {
            throw CHECK.invalid("models(Path)", "names " + models.toAbsolutePath() + ", which is not a folder");
        }
        MuseTalkOptions built = options
                .cuda(new CudaSettings(convAlgoSearch, cudaArena, (long) cudaMemoryLimitMb << 20, tensorRt,
                        Optional.ofNullable(tensorRtCache)))
                .admission(new SessionAdmission(admission, sessionFps, admissionWait))
                .build();
        ModelManifest manifest = ModelManifest.read(models);
        InferenceBackend runner = InferenceBackends.open(backend, manifest, built, backendSettings);
        return new MuseTalkTalkingHead(MuseTalkRuntime.open(manifest, built, runner), avatars, seconds(lookahead));
    }

    private static Duration between(String method, Duration value, Duration min, Duration max) {
        CHECK.notNull(method, value);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw CHECK.invalid(method, "must be " + shown(min) + ".." + shown(max) + " s, got " + shown(value)
                    + " s");
        }
        return value;
    }

    /** {@code 0.04}, {@code 30}: seconds as they would be written. */
    private static String shown(Duration d) {
        return java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
