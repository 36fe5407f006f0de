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
 * <p>Opening chooses the device (logged), loads each session by path, checks every model against its contract
 * (a {@link ModelException} names the file and the mismatch), allocates all buffers and runs each model once so
 * that the first turn does not pay for initialisation. Heavy and shared: build one per process and close it.
 */
public final class MuseTalkRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MuseTalkRuntime.class);

    private final DeviceDecision device;
    private final MuseTalkVersion version;
    private final WhisperEncoder whisper;
    private final FaceGenerator faces;
    private final VaeEncoder vaeEncoder;
    private final FaceWorker worker;

    private MuseTalkRuntime(DeviceDecision device, MuseTalkVersion version, WhisperEncoder whisper, FaceGenerator faces,
                            VaeEncoder vaeEncoder, FaceWorker worker) {
        this.device = device;
        this.version = version;
        this.whisper = whisper;
        this.faces = faces;
        this.vaeEncoder = vaeEncoder;
        this.worker = worker;
    }

    /**
     * Loads the models of {@code folder} (see {@link ModelManifest}).
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
        DeviceSelector selector = new DeviceSelector(options, discovery);
        DeviceDecision decision = selector.decide();
        boolean fp16 = decision.device() == ExecutionDevice.CUDA && options.preferFp16();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<AutoCloseable> opened = new ArrayList<>();
        try (OrtSession.SessionOptions so = selector.sessionOptions(decision)) {
            OnnxModel whisperModel = load(env, manifest, ModelRole.WHISPER_ENCODER, so, fp16, opened);
            WhisperEncoder whisper = new WhisperEncoder(env, whisperModel);
            opened.remove(whisperModel);
            opened.add(whisper);
            FaceGenerator faces = faceGenerator(env, manifest, so, fp16, selector.batchSize(decision), opened);
            opened.add(faces);
            VaeEncoder vae = null;
            if (manifest.has(ModelRole.VAE_ENCODER)) {
                OnnxModel vaeModel = load(env, manifest, ModelRole.VAE_ENCODER, so, fp16, opened);
                vae = new VaeEncoder(env, vaeModel);
                opened.remove(vaeModel);
                opened.add(vae);
            }
            whisper.warmUp();
            faces.generate();
            FaceWorker worker = new FaceWorker(faces, options.admission());
            if (options.admission().policy() != SessionAdmission.Policy.OFF) {
                worker.calibrate(FaceWorker.CALIBRATION_BATCHES);
            }
            LOG.info("MuseTalk {} ready on {}: batch {} frames, {}", manifest.version(), decision.device(),
                    faces.batchSize(), faces.fused() ? "fused UNet + decoder" : "UNet then VAE decoder");
            return new MuseTalkRuntime(decision, manifest.version(), whisper, faces, vae, worker);
        } catch (OrtException | RuntimeException e) {
            throw closeAfterFailure(opened, e);
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
            OnnxModel model = load(env, manifest, ModelRole.VAE_ENCODER, so, fp16, opened);
            LOG.info("VAE encoder ready on {}", decision.device());
            return new VaeEncoder(env, model);
        } catch (OrtException | RuntimeException e) {
            throw closeAfterFailure(opened, e);
        }
    }

    /** Closes what was opened, newest first, and gives the exception to throw for {@code failure}. */
    private static RuntimeException closeAfterFailure(List<AutoCloseable> opened, Exception failure) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            OnnxModel.closeQuietly(opened.get(i), failure);
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new ModelException(Stage.THG, "musetalk", "cannot set up ONNX Runtime sessions: "
                + failure.getMessage(), failure);
    }

    private static FaceGenerator faceGenerator(OrtEnvironment env, ModelManifest manifest, OrtSession.SessionOptions so,
                                               boolean fp16, int configuredBatch, List<AutoCloseable> opened) {
        OnnxModel unet;
        OnnxModel decoder = null;
        if (manifest.has(ModelRole.UNET_DECODER)) {
            unet = load(env, manifest, ModelRole.UNET_DECODER, so, fp16, opened);
        } else {
            unet = load(env, manifest, ModelRole.UNET, so, fp16, opened);
            decoder = load(env, manifest, ModelRole.VAE_DECODER, so, fp16, opened);
        }
        int batch = unet.fixedBatch()
                .orElse(decoder == null ? configuredBatch : decoder.fixedBatch().orElse(configuredBatch));
        FaceGenerator faces = new FaceGenerator(env, unet, decoder, batch);
        opened.remove(unet);
        opened.remove(decoder);
        return faces;
    }

    private static OnnxModel load(OrtEnvironment env, ModelManifest manifest, ModelRole role,
                                  OrtSession.SessionOptions so, boolean fp16, List<AutoCloseable> opened) {
        Path file = fp16 ? manifest.fp16File(role).orElse(manifest.file(role)) : manifest.file(role);
        OnnxModel model = OnnxModel.load(env, role, file, manifest, so);
        opened.add(model);
        return model;
    }

    /** Where the models run and why. */
    public DeviceDecision device() {
        return device;
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

    /** The VAE encoder, when the folder has one (only avatar preparation needs it). */
    public Optional<VaeEncoder> vaeEncoder() {
        return Optional.ofNullable(vaeEncoder);
    }

    @Override
    public void close() {
        if (vaeEncoder != null) {
            vaeEncoder.close();
        }
        worker.close();
        faces.close();
        whisper.close();
    }
}
