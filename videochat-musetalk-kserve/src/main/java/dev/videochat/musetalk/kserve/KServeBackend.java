package dev.videochat.musetalk.kserve;

import dev.videochat.api.ModelException;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.runtime.DeviceDecision;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.FaceModels;
import dev.videochat.musetalk.runtime.InferenceBackend;
import dev.videochat.musetalk.runtime.ModelManifest;
import dev.videochat.musetalk.runtime.ModelRole;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.TensorContract;
import dev.videochat.musetalk.runtime.WhisperModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * MuseTalk's models on a KServe v2 inference server (NVIDIA Triton, KServe, Seldon MLServer, OpenVINO Model
 * Server) over gRPC: the {@code kserve} backend. Only model runs travel; log-mel, prompts, BGR conversion and
 * compositing stay in the JVM.
 *
 * <p>{@link #connect} checks, before any session starts, that the server is ready, that it has either the fused
 * {@code unet_decoder} or both {@code unet} and {@code vae_decoder}, and {@code whisper}, each ready (names after
 * {@link KServeOptions#modelPrefix()}), and that each model's metadata fits the MuseTalk tensor contract (a
 * {@link ModelException} names the model, the tensor and the shape). Every request has a deadline, is retried on
 * UNAVAILABLE, and a face batch whose frames nobody wants any more is cancelled on the wire. {@link #close()}
 * shuts the channel and its threads down.
 */
public final class KServeBackend implements InferenceBackend {

    private static final Logger LOG = LoggerFactory.getLogger(KServeBackend.class);

    /** The backend's name, the value of the {@code backend} setting. */
    public static final String NAME = "kserve";
    /** The face batch when neither the server's models nor the options fix one. */
    static final int DEFAULT_BATCH = 8;

    private final KServeClient client;
    private final DeviceDecision device;
    private final KServeWhisperModel whisper;
    private final KServeFaceModels faces;
    private boolean closed;

    private KServeBackend(KServeClient client, DeviceDecision device, KServeWhisperModel whisper,
                          KServeFaceModels faces) {
        this.client = client;
        this.device = device;
        this.whisper = whisper;
        this.faces = faces;
    }

    /**
     * Connects to the server and checks its models.
     *
     * @param manifest the model folder's manifest: the tensor names to expect (the folder need hold nothing else)
     * @param options  {@link MuseTalkOptions#batchSize()} is used when the server's models do not fix a batch
     * @throws RemoteServiceException when the server cannot be reached or is not ready
     * @throws ModelException         when a model is missing, not ready or does not fit the contract
     */
    public static KServeBackend connect(ModelManifest manifest, MuseTalkOptions options, KServeOptions server) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(server, "server");
        KServeClient client = new KServeClient(server);
        try {
            if (!client.serverReady()) {
                throw new RemoteServiceException(Stage.THG, "musetalk", server.url(), -1, true,
                        "the KServe server is live but not ready (ServerReady answered false); wait until it has "
                                + "loaded its models", null);
            }
            String prefix = server.modelPrefix();
            boolean fused = client.modelReady(prefix + ModelRole.UNET_DECODER.key());
            List<String> missing = new ArrayList<>();
            for (ModelRole role : fused ? List.of(ModelRole.WHISPER_ENCODER)
                    : List.of(ModelRole.WHISPER_ENCODER, ModelRole.UNET, ModelRole.VAE_DECODER)) {
                if (!client.modelReady(prefix + role.key())) {
                    missing.add(prefix + role.key());
                }
            }
            if (!missing.isEmpty()) {
                throw new ModelException(Stage.THG, "musetalk", (missing.size() == 1 ? "model " : "models ")
                        + missing.stream().map(m -> "'" + m + "'").toList() + " not ready on " + server.url()
                        + (fused ? "" : " (nor the fused '" + prefix + ModelRole.UNET_DECODER.key() + "')")
                        + ": the server needs 'whisper' and either 'unet_decoder' or both 'unet' and 'vae_decoder'"
                        + (prefix.isEmpty() ? "" : ", each prefixed with '" + prefix + "'")
                        + "; check its model repository (TritonRepository writes one) and its log");
            }
            RemoteModel whisperModel = RemoteModel.check(client, prefix + ModelRole.WHISPER_ENCODER.key(),
                    TensorContract.of(ModelRole.WHISPER_ENCODER, manifest));
            RemoteModel unet = RemoteModel.check(client, prefix + (fused ? ModelRole.UNET_DECODER : ModelRole.UNET).key(),
                    TensorContract.of(fused ? ModelRole.UNET_DECODER : ModelRole.UNET, manifest));
            RemoteModel decoder = fused ? null : RemoteModel.check(client, prefix + ModelRole.VAE_DECODER.key(),
                    TensorContract.of(ModelRole.VAE_DECODER, manifest));
            int batch = batch(unet, decoder, options);
            DeviceDecision device = new DeviceDecision(ExecutionDevice.CPU, Optional.empty(), "the models run on "
                    + "the KServe server at " + server.url() + "; log-mel, prompts and compositing on this machine's CPU");
            LOG.info("MuseTalk models on {}: {}, {}, batch {}", server.url(), whisperModel.name(),
                    fused ? unet.name() : unet.name() + " then " + decoder.name(), batch);
            return new KServeBackend(client, device, new KServeWhisperModel(client, whisperModel),
                    new KServeFaceModels(client, unet, decoder, batch));
        } catch (RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    private static int batch(RemoteModel unet, RemoteModel decoder, MuseTalkOptions options) {
        OptionalInt fixed = unet.fixedBatch();
        if (decoder != null && decoder.fixedBatch().isPresent()) {
            if (fixed.isPresent() && fixed.getAsInt() != decoder.fixedBatch().getAsInt()) {
                throw new ModelException(Stage.THG, "musetalk", unet + " fixes batch " + fixed.getAsInt() + " but "
                        + decoder + " fixes batch " + decoder.fixedBatch().getAsInt() + "; export both alike");
            }
            fixed = decoder.fixedBatch();
        }
        if (fixed.isPresent()) {
            if (options.batchSize() != 0 && options.batchSize() != fixed.getAsInt()) {
                throw new ModelException(Stage.THG, "musetalk", unet + " is exported for batch " + fixed.getAsInt()
                        + " but batch " + options.batchSize() + " is configured; set batch-size to "
                        + fixed.getAsInt() + " or export with a dynamic batch");
            }
            return fixed.getAsInt();
        }
        return options.batchSize() != 0 ? options.batchSize() : DEFAULT_BATCH;
    }

    @Override
    public String name() {
        return NAME;
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

    /** Cancels what is in flight and shuts the channel and its threads down; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        faces.cancelRun();
        client.close();
    }
}
