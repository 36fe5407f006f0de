package dev.videochat.musetalk.testmodels;

import dev.videochat.core.testing.OnnxGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.videochat.core.testing.OnnxGraph.FLOAT;
import static dev.videochat.core.testing.OnnxGraph.INT64;
import static dev.videochat.core.testing.OnnxGraph.UINT8;
import static dev.videochat.core.testing.OnnxGraph.i;
import static dev.videochat.core.testing.OnnxGraph.ints;

/**
 * Stand-ins for the MuseTalk models with the real names, shapes and element types but a few kilobytes of
 * arithmetic inside (reshapes, 1 x 1 and 8 x 8 convolutions, means), so the whole CPU path runs in tests and
 * benchmarks without the real weights. Outputs depend on every input, so wiring mistakes show.
 */
public final class TinyMuseTalkModels {

    /** The batch dimension's symbol in the tiny models. */
    public static final String BATCH = "B";

    private TinyMuseTalkModels() {
    }

    /** Writes the Whisper encoder, UNet, VAE encoder and VAE decoder with default names into {@code folder}. */
    public static Path writeSeparate(Path folder) throws IOException {
        Files.createDirectories(folder);
        whisper().write(folder.resolve("whisper_tiny_states.onnx"));
        unet(UnetShape.STANDARD).write(folder.resolve("unet.onnx"));
        vaeEncoder().write(folder.resolve("vae_encoder.onnx"));
        vaeDecoder().write(folder.resolve("vae_decoder.onnx"));
        return folder;
    }

    /** Writes the Whisper encoder and the fused UNet + decoder (uint8 BGR output) into {@code folder}. */
    public static Path writeFused(Path folder) throws IOException {
        Files.createDirectories(folder);
        whisper().write(folder.resolve("whisper_tiny_states.onnx"));
        unetDecoder().write(folder.resolve("unet_vae_decoder.onnx"));
        return folder;
    }

    /**
     * Whisper-tiny stand-in: {@code input_features} [1, 80, 3000] to {@code states} [1, 1500, 5, 384]. Each output
     * row holds two consecutive mel frames (160 floats) tiled 12 times and scaled per channel.
     */
    public static OnnxGraph whisper() {
        float[] scale = new float[1920];
        for (int c = 0; c < scale.length; c++) {
            scale[c] = 1f + (c % 7) * 0.125f;
        }
        return new OnnxGraph("tiny_whisper")
                .input("input_features", FLOAT, 1, 80, 3000)
                .output("states", FLOAT, 1, 1500, 5, 384)
                .longs("pairs_shape", new long[] {3}, 1, 1500, 160)
                .longs("tile", new long[] {3}, 1, 1, 12)
                .longs("states_shape", new long[] {4}, 1, 1500, 5, 384)
                .floats("scale", new long[] {1920}, scale)
                .node("Transpose", new String[] {"input_features"}, new String[] {"time_major"}, ints("perm", 0, 2, 1))
                .node("Reshape", new String[] {"time_major", "pairs_shape"}, new String[] {"pairs"})
                .node("Tile", new String[] {"pairs", "tile"}, new String[] {"tiled"})
                .node("Mul", new String[] {"tiled", "scale"}, new String[] {"scaled"})
                .node("Reshape", new String[] {"scaled", "states_shape"}, new String[] {"states"});
    }

    /** Variations of the UNet stand-in, for contract tests. */
    public enum UnetShape {
        /** The contract: {@code sample} [B, 8, 32, 32], int64 {@code timestep} [1]. */
        STANDARD("sample", 32, INT64),
        /** The latent input under another name. */
        RENAMED_SAMPLE("input_latents", 32, INT64),
        /** A 16 x 16 latent (a 128 px model). */
        SMALL_LATENT("sample", 16, INT64),
        /** A float timestep. */
        FLOAT_TIMESTEP("sample", 32, FLOAT);

        private final String sampleName;
        private final int side;
        private final int timestepType;

        UnetShape(String sampleName, int side, int timestepType) {
            this.sampleName = sampleName;
            this.side = side;
            this.timestepType = timestepType;
        }
    }

    /**
     * UNet stand-in: {@code latents = conv1x1(sample) + mean(encoder_hidden_states) + timestep} with
     * {@code sample} [B, 8, 32, 32], {@code timestep} int64 [1], {@code encoder_hidden_states} [B, 50, 384] and
     * {@code latents} [B, 4, 32, 32].
     */
    public static OnnxGraph unet(UnetShape shape) {
        OnnxGraph g = new OnnxGraph("tiny_unet")
                .input(shape.sampleName, FLOAT, BATCH, 8, shape.side, shape.side)
                .input("timestep", shape.timestepType, 1)
                .input("encoder_hidden_states", FLOAT, BATCH, 50, 384)
                .output("latents", FLOAT, BATCH, 4, shape.side, shape.side);
        return unetBody(g, shape.sampleName, "latents");
    }

    private static OnnxGraph unetBody(OnnxGraph g, String sample, String out) {
        return g.floats("unet_w", new long[] {4, 8, 1, 1}, pattern(32, 0.125f))
                .floats("unet_b", new long[] {4}, 0.1f, -0.1f, 0.2f, -0.2f)
                .longs("unsqueeze_axes", new long[] {1}, 3)
                .node("Conv", new String[] {sample, "unet_w", "unet_b"}, new String[] {"mixed"})
                .node("ReduceMean", new String[] {"encoder_hidden_states"}, new String[] {"audio_mean"},
                        ints("axes", 1, 2), i("keepdims", 1))
                .node("Unsqueeze", new String[] {"audio_mean", "unsqueeze_axes"}, new String[] {"audio_bias"})
                .node("Cast", new String[] {"timestep"}, new String[] {"timestep_f"}, i("to", FLOAT))
                .node("Add", new String[] {"mixed", "audio_bias"}, new String[] {"with_audio"})
                .node("Add", new String[] {"with_audio", "timestep_f"}, new String[] {out});
    }

    /** VAE encoder stand-in: {@code image} [B, 3, 256, 256] to {@code latents} [B, 4, 32, 32] (8 x 8 stride-8 conv). */
    public static OnnxGraph vaeEncoder() {
        return vaeEncoder(BATCH);
    }

    /** The VAE encoder stand-in with the batch dimension {@code batch}: a symbol, or a fixed size. */
    public static OnnxGraph vaeEncoder(Object batch) {
        return new OnnxGraph("tiny_vae_encoder")
                .input("image", FLOAT, batch, 3, 256, 256)
                .output("latents", FLOAT, batch, 4, 32, 32)
                .floats("enc_w", new long[] {4, 3, 8, 8}, pattern(4 * 3 * 64, 1f / 192))
                .node("Conv", new String[] {"image", "enc_w"}, new String[] {"latents"},
                        ints("kernel_shape", 8, 8), ints("strides", 8, 8));
    }

    /** VAE decoder stand-in: {@code latents} [B, 4, 32, 32] to {@code image} [B, 3, 256, 256] in [-1, 1]. */
    public static OnnxGraph vaeDecoder() {
        OnnxGraph g = new OnnxGraph("tiny_vae_decoder")
                .input("latents", FLOAT, BATCH, 4, 32, 32)
                .output("image", FLOAT, BATCH, 3, 256, 256);
        return decoderBody(g, "latents", "image");
    }

    private static OnnxGraph decoderBody(OnnxGraph g, String in, String out) {
        return g.floats("dec_w", new long[] {4, 3, 8, 8}, pattern(4 * 3 * 64, 0.5f))
                .node("ConvTranspose", new String[] {in, "dec_w"}, new String[] {"upsampled"},
                        ints("kernel_shape", 8, 8), ints("strides", 8, 8))
                .node("Tanh", new String[] {"upsampled"}, new String[] {out});
    }

    /**
     * Fused stand-in: the UNet inputs to {@code bgr_u8} uint8 [B, 256, 256, 3], post-processed in the graph as
     * MuseTalk does ({@code round(clip(x / 2 + 0.5, 0, 1) * 255)}, NHWC, RGB to BGR).
     */
    public static OnnxGraph unetDecoder() {
        OnnxGraph g = new OnnxGraph("tiny_unet_decoder")
                .input("sample", FLOAT, BATCH, 8, 32, 32)
                .input("timestep", INT64, 1)
                .input("encoder_hidden_states", FLOAT, BATCH, 50, 384)
                .output("bgr_u8", UINT8, BATCH, 256, 256, 3);
        unetBody(g, "sample", "unet_latents");
        decoderBody(g, "unet_latents", "rgb");
        return g.floats("half", new long[] {}, 0.5f)
                .floats("zero", new long[] {}, 0f)
                .floats("one", new long[] {}, 1f)
                .floats("full", new long[] {}, 255f)
                .longs("bgr", new long[] {3}, 2, 1, 0)
                .node("Mul", new String[] {"rgb", "half"}, new String[] {"halved"})
                .node("Add", new String[] {"halved", "half"}, new String[] {"unit"})
                .node("Clip", new String[] {"unit", "zero", "one"}, new String[] {"clipped"})
                .node("Mul", new String[] {"clipped", "full"}, new String[] {"scaled"})
                .node("Round", new String[] {"scaled"}, new String[] {"rounded"})
                .node("Cast", new String[] {"rounded"}, new String[] {"rgb_u8"}, i("to", UINT8))
                .node("Transpose", new String[] {"rgb_u8"}, new String[] {"nhwc"}, ints("perm", 0, 2, 3, 1))
                .node("Gather", new String[] {"nhwc", "bgr"}, new String[] {"bgr_u8"}, i("axis", 3));
    }

    /**
     * A Whisper stand-in that returns {@code states} with {@code layers} hidden states instead of 5 (zeros of shape
     * [1, 1500, layers, 384]), for contract tests.
     */
    public static OnnxGraph whisperWithStates(int layers) {
        return new OnnxGraph("tiny_whisper_states")
                .input("input_features", FLOAT, 1, 80, 3000)
                .output("states", FLOAT, 1, 1500, layers, 384)
                .floats("zero", new long[] {1}, 0f)
                .longs("states_shape", new long[] {4}, 1, 1500, layers, 384)
                .node("Expand", new String[] {"zero", "states_shape"}, new String[] {"states"});
    }

    /** The fused stand-in with a float32 NHWC output where the contract has uint8, for contract tests. */
    public static OnnxGraph unetDecoderWithFloatOutput() {
        OnnxGraph g = new OnnxGraph("tiny_unet_decoder_float")
                .input("sample", FLOAT, BATCH, 8, 32, 32)
                .input("timestep", INT64, 1)
                .input("encoder_hidden_states", FLOAT, BATCH, 50, 384)
                .output("bgr_u8", FLOAT, BATCH, 256, 256, 3);
        unetBody(g, "sample", "unet_latents");
        decoderBody(g, "unet_latents", "rgb");
        return g.node("Transpose", new String[] {"rgb"}, new String[] {"bgr_u8"}, ints("perm", 0, 2, 3, 1));
    }

    /** A graph that is not MuseTalk at all ({@code x} [1, 3] to {@code y} = x * 2), for contract tests. */
    public static OnnxGraph unrelated() {
        return new OnnxGraph("unrelated")
                .input("x", FLOAT, 1, 3)
                .output("y", FLOAT, 1, 3)
                .floats("two", new long[] {}, 2f)
                .node("Mul", new String[] {"x", "two"}, new String[] {"y"});
    }

    /** Deterministic small weights in [-scale, scale]. */
    private static float[] pattern(int n, float scale) {
        float[] w = new float[n];
        for (int k = 0; k < n; k++) {
            w[k] = ((k * 37 % 11) - 5) / 5f * scale;
        }
        return w;
    }
}
