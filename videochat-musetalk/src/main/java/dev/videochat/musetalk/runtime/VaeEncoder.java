package dev.videochat.musetalk.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * The VAE encoder used while preparing an avatar: one 256 x 256 RGB face crop in [-1, 1] to its latent mean
 * scaled by 0.18215 ({@code [4, 32, 32]}). Calls are serialised.
 */
public final class VaeEncoder implements AutoCloseable {

    /** Floats in one input image ({@code [3, 256, 256]}, RGB planes). */
    public static final int IMAGE_FLOATS = 3 * 256 * 256;
    /** Floats in one latent ({@code [4, 32, 32]}). */
    public static final int LATENT_FLOATS = 4 * 32 * 32;

    private final OnnxModel model;
    private final FloatBuffer input;
    private final FloatBuffer output;
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    VaeEncoder(OrtEnvironment env, OnnxModel model) {
        model.requireBatch(1);
        this.model = model;
        var in = OnnxModel.direct(4L * IMAGE_FLOATS);
        var out = OnnxModel.direct(4L * LATENT_FLOATS);
        this.input = in.asFloatBuffer();
        this.output = out.asFloatBuffer();
        this.inputTensor = OnnxModel.tensor(env, in, OnnxJavaType.FLOAT, 1, 3, 256, 256);
        this.outputTensor = OnnxModel.tensor(env, out, OnnxJavaType.FLOAT, 1, 4, 32, 32);
        this.inputs = Map.of(model.input("image"), inputTensor);
        this.outputs = Map.of(model.output("latents"), outputTensor);
    }

    /** Encodes {@code image} ({@link #IMAGE_FLOATS} floats, RGB planes in [-1, 1]) into a new latent array. */
    public synchronized float[] encode(float[] image) {
        Objects.requireNonNull(image, "image");
        if (image.length != IMAGE_FLOATS) {
            throw new IllegalArgumentException("image must hold " + IMAGE_FLOATS + " floats [3,256,256], got " + image.length);
        }
        input.put(0, image);
        model.run(inputs, outputs);
        float[] latent = new float[LATENT_FLOATS];
        output.get(0, latent);
        return latent;
    }

    @Override
    public synchronized void close() {
        inputTensor.close();
        outputTensor.close();
        model.close();
    }
}
