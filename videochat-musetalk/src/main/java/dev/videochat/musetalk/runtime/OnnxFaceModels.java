package dev.videochat.musetalk.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.videochat.musetalk.audio.AudioPrompts;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The UNet and VAE decoder (or the fused graph) in ONNX Runtime sessions. Every tensor is a direct buffer allocated
 * once; the UNet's output tensor feeds the decoder directly, so a batch allocates nothing on the Java side.
 */
final class OnnxFaceModels implements FaceModels {

    private static final int FACE = FaceGenerator.FACE_SIZE;

    private final int batch;
    private final OnnxModel unet;
    private final OnnxModel decoder;
    private final FloatBuffer latents;
    private final FloatBuffer prompts;
    private final FloatBuffer unetOut;
    private final FloatBuffer image;
    private final ByteBuffer bgr;
    private final OnnxTensor[] tensors;
    private final Map<String, OnnxTensor> unetInputs;
    private final Map<String, OnnxTensor> unetOutputs;
    private final Map<String, OnnxTensor> decoderInputs;
    private final Map<String, OnnxTensor> decoderOutputs;
    private boolean closed;

    /** UNet and decoder as two sessions ({@code decoder} non-null), or one fused session ({@code decoder} null). */
    OnnxFaceModels(OrtEnvironment env, OnnxModel unet, OnnxModel decoder, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1 frames, got " + batch);
        }
        unet.requireBatch(batch);
        if (decoder != null) {
            decoder.requireBatch(batch);
        }
        this.batch = batch;
        this.unet = unet;
        this.decoder = decoder;
        ByteBuffer latentBytes = OnnxModel.direct(4L * batch * FaceGenerator.LATENT_FLOATS);
        ByteBuffer promptBytes = OnnxModel.direct(4L * batch * AudioPrompts.PROMPT_SIZE);
        ByteBuffer timestepBytes = OnnxModel.direct(8);
        this.latents = latentBytes.asFloatBuffer();
        this.prompts = promptBytes.asFloatBuffer();
        // Tensors hold native memory: those made before a failure (a model whose contract lacks a name, a tensor
        // ONNX Runtime refuses) are closed here; the models stay the caller's to close.
        List<OnnxTensor> made = new ArrayList<>();
        try {
            OnnxTensor latentT = made(made, OnnxModel.tensor(env, latentBytes, OnnxJavaType.FLOAT, batch, 8, 32, 32));
            OnnxTensor promptT = made(made, OnnxModel.tensor(env, promptBytes, OnnxJavaType.FLOAT, batch, 50, 384));
            // MuseTalk's t is always 0.
            OnnxTensor timestepT = made(made, OnnxModel.tensor(env, timestepBytes, OnnxJavaType.INT64, 1));
            this.unetInputs = Map.of(unet.input("sample"), latentT, unet.input("timestep"), timestepT,
                    unet.input("encoder_hidden_states"), promptT);
            if (decoder != null) {
                ByteBuffer unetOutBytes = OnnxModel.direct(4L * batch * FaceGenerator.OUTPUT_LATENT_FLOATS);
                ByteBuffer imageBytes = OnnxModel.direct(4L * batch * FaceGenerator.FACE_FLOATS);
                this.unetOut = unetOutBytes.asFloatBuffer();
                this.image = imageBytes.asFloatBuffer();
                this.bgr = null;
                OnnxTensor unetOutT = made(made,
                        OnnxModel.tensor(env, unetOutBytes, OnnxJavaType.FLOAT, batch, 4, 32, 32));
                OnnxTensor imageT = made(made,
                        OnnxModel.tensor(env, imageBytes, OnnxJavaType.FLOAT, batch, 3, FACE, FACE));
                this.unetOutputs = Map.of(unet.output("latents"), unetOutT);
                this.decoderInputs = Map.of(decoder.input("latents"), unetOutT);
                this.decoderOutputs = Map.of(decoder.output("image"), imageT);
            } else {
                ByteBuffer frameBytes = OnnxModel.direct((long) batch * FaceGenerator.FRAME_BYTES);
                OnnxTensor framesT = made(made,
                        OnnxModel.tensor(env, frameBytes, OnnxJavaType.UINT8, batch, FACE, FACE, 3));
                this.unetOut = null;
                this.image = null;
                this.bgr = frameBytes;
                this.unetOutputs = Map.of(unet.output("bgr_u8"), framesT);
                this.decoderInputs = Map.of();
                this.decoderOutputs = Map.of();
            }
        } catch (RuntimeException | Error e) {
            for (OnnxTensor t : made) {
                OnnxModel.closeQuietly(t, e);
            }
            throw e;
        }
        this.tensors = made.toArray(OnnxTensor[]::new);
    }

    private static OnnxTensor made(List<OnnxTensor> made, OnnxTensor tensor) {
        made.add(tensor);
        return tensor;
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
        unet.run(unetInputs, unetOutputs);
        if (decoder != null) {
            decoder.run(decoderInputs, decoderOutputs);
        }
    }

    @Override
    public FloatBuffer image() {
        if (image == null) {
            throw new IllegalStateException("a fused UNet + decoder model outputs BGR bytes, not RGB planes");
        }
        return image;
    }

    @Override
    public ByteBuffer bgr() {
        if (bgr == null) {
            throw new IllegalStateException("the VAE decoder outputs RGB planes, not BGR bytes");
        }
        return bgr;
    }

    @Override
    public Optional<FloatBuffer> unetLatents() {
        return Optional.ofNullable(unetOut);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (OnnxTensor t : tensors) {
            t.close();
        }
        unet.close();
        if (decoder != null) {
            decoder.close();
        }
    }
}
