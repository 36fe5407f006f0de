package dev.videochat.musetalk.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The in-process backend ({@code onnx}): ONNX Runtime sessions on CUDA or the CPU, chosen and logged by
 * {@link DeviceSelector}, each model opened by path and checked against its {@link ModelContract}. It also loads
 * the VAE encoder when the folder has one (avatar preparation, never remote).
 */
final class OnnxBackend implements InferenceBackend {

    private final DeviceDecision device;
    private final OnnxWhisperModel whisper;
    private final OnnxFaceModels faces;
    private final VaeEncoder vaeEncoder;

    private OnnxBackend(DeviceDecision device, OnnxWhisperModel whisper, OnnxFaceModels faces, VaeEncoder vaeEncoder) {
        this.device = device;
        this.whisper = whisper;
        this.faces = faces;
        this.vaeEncoder = vaeEncoder;
    }

    /**
     * Chooses the device and loads the Whisper encoder, the face models and (when present) the VAE encoder.
     *
     * @throws ModelException                             when a model is missing, unloadable or off-contract
     * @throws dev.videochat.api.ConfigurationException when CUDA was required but cannot be used
     */
    static OnnxBackend open(ModelManifest manifest, MuseTalkOptions options, Supplier<List<GpuDevice>> discovery) {
        DeviceSelector selector = new DeviceSelector(options, discovery);
        DeviceDecision decision = selector.decide();
        boolean fp16 = decision.device() == ExecutionDevice.CUDA && options.preferFp16();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<AutoCloseable> opened = new ArrayList<>();
        try (OrtSession.SessionOptions so = selector.sessionOptions(decision)) {
            OnnxModel whisperModel = load(env, manifest, ModelRole.WHISPER_ENCODER, so, fp16, opened);
            OnnxWhisperModel whisper = new OnnxWhisperModel(env, whisperModel);
            opened.remove(whisperModel);
            opened.add(whisper);
            OnnxFaceModels faces = faceModels(env, manifest, so, fp16, selector.batchSize(decision), opened);
            opened.add(faces);
            VaeEncoder vae = null;
            if (manifest.has(ModelRole.VAE_ENCODER)) {
                OnnxModel vaeModel = load(env, manifest, ModelRole.VAE_ENCODER, so, fp16, opened);
                vae = new VaeEncoder(env, vaeModel);
                opened.remove(vaeModel);
                opened.add(vae);
            }
            return new OnnxBackend(decision, whisper, faces, vae);
        } catch (OrtException | RuntimeException e) {
            throw closeAfterFailure(opened, e);
        }
    }

    /** Closes what was opened, newest first, and gives the exception to throw for {@code failure}. */
    static RuntimeException closeAfterFailure(List<AutoCloseable> opened, Exception failure) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            OnnxModel.closeQuietly(opened.get(i), failure);
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new ModelException(Stage.THG, "musetalk", "cannot set up ONNX Runtime sessions: "
                + failure.getMessage(), failure);
    }

    private static OnnxFaceModels faceModels(OrtEnvironment env, ModelManifest manifest, OrtSession.SessionOptions so,
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
        OnnxFaceModels faces = new OnnxFaceModels(env, unet, decoder, batch);
        opened.remove(unet);
        opened.remove(decoder);
        return faces;
    }

    static OnnxModel load(OrtEnvironment env, ModelManifest manifest, ModelRole role,
                          OrtSession.SessionOptions so, boolean fp16, List<AutoCloseable> opened) {
        Path file = fp16 ? manifest.fp16File(role).orElse(manifest.file(role)) : manifest.file(role);
        OnnxModel model = OnnxModel.load(env, role, file, manifest, so);
        opened.add(model);
        return model;
    }

    @Override
    public String name() {
        return InferenceBackends.ONNX;
    }

    @Override
    public DeviceDecision device() {
        return device;
    }

    @Override
    public WhisperModel whisper() {
        return whisper;
    }

    @Override
    public FaceModels faces() {
        return faces;
    }

    /** The VAE encoder, when the folder has one. */
    Optional<VaeEncoder> vaeEncoder() {
        return Optional.ofNullable(vaeEncoder);
    }

    @Override
    public void close() {
        if (vaeEncoder != null) {
            vaeEncoder.close();
        }
        faces.close();
        whisper.close();
    }
}
