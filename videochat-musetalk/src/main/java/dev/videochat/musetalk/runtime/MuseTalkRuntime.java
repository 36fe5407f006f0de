package dev.videochat.musetalk.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.MuseTalkVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The loaded MuseTalk models of one model folder: the Whisper encoder, the face generator (UNet + VAE decoder, or
 * the fused graph when the folder has one) and, when present, the VAE encoder for avatar preparation.
 *
 * <p>The models run on an {@link InferenceBackend}: ONNX Runtime in this process by default, or an inference server
 * ({@code kserve}). Opening checks every model against its contract (a {@link ModelException} names the model and
 * the mismatch) and runs each model once so that the first turn does not pay for initialisation. Heavy and shared:
 * build one per process and close it.
 */
public final class MuseTalkRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MuseTalkRuntime.class);

    private final InferenceBackend backend;
    private final MuseTalkVersion version;
    private final WhisperEncoder whisper;
    private final FaceGenerator faces;
    private final FaceWorker worker;

    private MuseTalkRuntime(InferenceBackend backend, MuseTalkVersion version, WhisperEncoder whisper,
                            FaceGenerator faces, FaceWorker worker) {
        this.backend = backend;
        this.version = version;
        this.whisper = whisper;
        this.faces = faces;
        this.worker = worker;
    }

    /**
     * Loads the models of {@code folder} (see {@link ModelManifest}) into ONNX Runtime in this process.
     *
     * @throws ModelException                             when a model is missing, unloadable or off-contract
     * @throws dev.videochat.api.ConfigurationException when CUDA was required but cannot be used
     */
    public static MuseTalkRuntime open(Path folder, MuseTalkOptions options) {
        return open(folder, options, GpuDiscovery::discover);
    }

    static MuseTalkRuntime open(Path folder, MuseTalkOptions options, Supplier<List<GpuDevice>> discovery) {
        Objects.requireNonNull(options, "options");
        ModelManifest manifest = ModelManifest.read(folder);
        return open(manifest, options, OnnxBackend.open(manifest, options, discovery));
    }

    /**
     * A runtime whose models run on {@code backend} (see {@link InferenceBackends#open}), which it owns: closed with
     * the runtime, or at once when warming up fails.
     *
     * @param manifest the model folder's manifest (the MuseTalk version)
     * @param options  admission among them
     * @throws dev.videochat.api.VideoChatException when the first run of a model fails
     */
    public static MuseTalkRuntime open(ModelManifest manifest, MuseTalkOptions options, InferenceBackend backend) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(backend, "backend");
        try {
            WhisperEncoder whisper = new WhisperEncoder(backend.whisper());
            FaceGenerator faces = new FaceGenerator(backend.faces());
            whisper.warmUp();
            faces.generate();
            FaceWorker worker = new FaceWorker(faces, options.admission());
            if (options.admission().policy() != SessionAdmission.Policy.OFF) {
                worker.calibrate(FaceWorker.CALIBRATION_BATCHES);
            }
            LOG.info("MuseTalk {} ready on {} ({}): batch {} frames, {}", manifest.version(), backend.name(),
                    backend.device().device(), faces.batchSize(),
                    faces.fused() ? "fused UNet + decoder" : "UNet then VAE decoder");
            return new MuseTalkRuntime(backend, manifest.version(), whisper, faces, worker);
        } catch (RuntimeException | Error e) {
            OnnxModel.closeQuietly(backend, e);
            throw e;
        }
    }

    /**
     * Loads only the VAE encoder of {@code folder}, for avatar preparation (the Whisper encoder and the face
     * generator are not needed there).
     *
     * @throws ModelException when the folder has no VAE encoder, or it is unloadable or off-contract
     */
    public static VaeEncoder openVaeEncoder(Path folder, MuseTalkOptions options) {
        Objects.requireNonNull(options, "options");
        ModelManifest manifest = ModelManifest.read(folder);
        if (!manifest.has(ModelRole.VAE_ENCODER)) {
            throw new ModelException(Stage.THG, "musetalk", "the model folder " + folder + " has no VAE encoder ("
                    + manifest.file(ModelRole.VAE_ENCODER).getFileName() + "), which avatar preparation needs; "
                    + "export it with tools/export_onnx.py");
        }
        DeviceSelector selector = new DeviceSelector(options, GpuDiscovery::discover);
        DeviceDecision decision = selector.decide();
        boolean fp16 = decision.device() == ExecutionDevice.CUDA && options.preferFp16();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<AutoCloseable> opened = new ArrayList<>();
        try (OrtSession.SessionOptions so = selector.sessionOptions(decision)) {
            OnnxModel model = OnnxBackend.load(env, manifest, ModelRole.VAE_ENCODER, so, fp16, opened);
            LOG.info("VAE encoder ready on {}", decision.device());
            return new VaeEncoder(env, model);
        } catch (OrtException | RuntimeException e) {
            throw OnnxBackend.closeAfterFailure(opened, e);
        }
    }

    /** The backend the models run on ({@code onnx}, {@code kserve}, ...). */
    public String backend() {
        return backend.name();
    }

    /** Where the models run and why (for a remote backend: the CPU of this machine, and the server's address). */
    public DeviceDecision device() {
        return backend.device();
    }

    /** The MuseTalk version the folder's manifest declares. */
    public MuseTalkVersion version() {
        return version;
    }

    /** Speech to audio features. */
    public WhisperEncoder whisper() {
        return whisper;
    }

    /**
     * Latents and prompts to faces, for one caller driving the generator directly. Sessions that share the runtime
     * go through {@link #worker()} instead; the two must not be used at the same time.
     */
    public FaceGenerator faces() {
        return faces;
    }

    /** The one thread that runs the face generator for every session (started with the first stream). */
    public FaceWorker worker() {
        return worker;
    }

    /**
     * The VAE encoder, when the folder has one and the models run in this process (only avatar preparation needs
     * it; a remote backend never loads it).
     */
    public Optional<VaeEncoder> vaeEncoder() {
        return backend instanceof OnnxBackend onnx ? onnx.vaeEncoder() : Optional.empty();
    }

    @Override
    public void close() {
        worker.close();
        faces.close();
        whisper.close();
        backend.close();
    }
}
