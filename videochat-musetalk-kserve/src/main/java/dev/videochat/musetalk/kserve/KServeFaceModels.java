package dev.videochat.musetalk.kserve;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.videochat.musetalk.kserve.protocol.ModelInferRequest;
import dev.videochat.musetalk.kserve.protocol.ModelInferResponse;
import dev.videochat.musetalk.runtime.FaceGenerator;
import dev.videochat.musetalk.runtime.FaceModels;
import dev.videochat.musetalk.runtime.TensorContract;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * The face models on the server: the fused {@code unet_decoder} (one request a batch; 196,608 bytes a face come
 * back), or {@code unet} then {@code vae_decoder} (two requests; the decoder's float RGB, four times larger,
 * comes back). Buffers are allocated once, little-endian as the protocol's raw contents are; the inputs are sent
 * straight from them, and each reply is copied into the output buffer.
 */
final class KServeFaceModels implements FaceModels {

    private final KServeClient client;
    private final RemoteModel unet;
    private final RemoteModel decoder;
    private final int batch;
    private final ByteBuffer latentBytes;
    private final ByteBuffer promptBytes;
    private final ByteString timestep;
    private final ByteBuffer unetOutBytes;
    private final ByteBuffer outputBytes;
    private final FloatBuffer latents;
    private final FloatBuffer prompts;
    private final FloatBuffer unetOut;
    private final FloatBuffer image;
    private final ModelInferRequest unetRequest;
    private final ModelInferRequest decoderRequest;
    /** The cancellation scope of the run in progress, null between runs. */
    private volatile RemoteCall current;

    /** {@code decoder} null: {@code unet} is the fused graph. */
    KServeFaceModels(KServeClient client, RemoteModel unet, RemoteModel decoder, int batch) {
        this.client = client;
        this.unet = unet;
        this.decoder = decoder;
        this.batch = batch;
        this.latentBytes = buffer(4L * batch * FaceGenerator.LATENT_FLOATS);
        this.promptBytes = buffer(4L * batch * 50 * 384);
        this.latents = latentBytes.asFloatBuffer();
        this.prompts = promptBytes.asFloatBuffer();
        this.timestep = unet.zeros("timestep", batch);
        if (decoder == null) {
            this.unetOutBytes = null;
            this.unetOut = null;
            this.outputBytes = buffer((long) batch * FaceGenerator.FRAME_BYTES);
            this.image = null;
            this.decoderRequest = null;
        } else {
            this.unetOutBytes = buffer(4L * batch * FaceGenerator.OUTPUT_LATENT_FLOATS);
            this.unetOut = unetOutBytes.asFloatBuffer();
            this.outputBytes = buffer(4L * batch * 3 * FaceGenerator.FACE_SIZE * FaceGenerator.FACE_SIZE);
            this.image = outputBytes.asFloatBuffer();
            this.decoderRequest = decoder.requestTemplate(batch).build();
        }
        this.unetRequest = unet.requestTemplate(batch).build();
    }

    static ByteBuffer buffer(long bytes) {
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The whole buffer as a ByteString, without a copy: the request is serialised before the call returns. */
    static ByteString wrap(ByteBuffer buffer) {
        return UnsafeByteOperations.unsafeWrap(buffer.duplicate().clear());
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public boolean fused() {
        return decoder == null;
    }

    @Override
    public FloatBuffer latents() {
        return latents;
    }

    @Override
    public FloatBuffer prompts() {
        return prompts;
    }

    @Override
    public void run() {
        RemoteCall call = new RemoteCall();
        current = call;
        try {
            ModelInferRequest.Builder request = unetRequest.toBuilder();
            for (TensorContract.Tensor t : unet.inputs()) {
                request.addRawInputContents(switch (t.key()) {
                    case "sample" -> wrap(latentBytes);
                    case "timestep" -> timestep;
                    case "encoder_hidden_states" -> wrap(promptBytes);
                    default -> throw new IllegalStateException("no content for UNet input " + t.key());
                });
            }
            ModelInferResponse response = client.infer(request.build(), call);
            if (decoder == null) {
                unet.copyOutput(response, "bgr_u8", outputBytes);
                return;
            }
            unet.copyOutput(response, "latents", unetOutBytes);
            ModelInferResponse image = client.infer(decoderRequest.toBuilder()
                    .addRawInputContents(wrap(unetOutBytes)).build(), call);
            decoder.copyOutput(image, "image", outputBytes);
        } finally {
            current = null;
        }
    }

    @Override
    public void cancelRun() {
        RemoteCall call = current;
        if (call != null) {
            call.cancel();
        }
    }

    @Override
    public FloatBuffer image() {
        if (image == null) {
            throw new IllegalStateException("the fused model outputs BGR bytes, not RGB planes");
        }
        return image;
    }

    @Override
    public ByteBuffer bgr() {
        if (decoder != null) {
            throw new IllegalStateException("the VAE decoder outputs RGB planes, not BGR bytes");
        }
        return outputBytes;
    }

    @Override
    public Optional<FloatBuffer> unetLatents() {
        return Optional.ofNullable(unetOut);
    }

    @Override
    public void close() {
        // The buffers are the JVM's; the channel is the backend's to close.
    }
}
