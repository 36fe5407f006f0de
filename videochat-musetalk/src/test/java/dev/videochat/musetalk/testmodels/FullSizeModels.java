package dev.videochat.musetalk.testmodels;

import dev.videochat.core.testing.OnnxGraph;
import dev.videochat.musetalk.runtime.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import static dev.videochat.core.testing.OnnxGraph.FLOAT;
import static dev.videochat.core.testing.OnnxGraph.INT64;
import static dev.videochat.core.testing.OnnxGraph.UINT8;
import static dev.videochat.core.testing.OnnxGraph.i;
import static dev.videochat.core.testing.OnnxGraph.ints;

/**
 * True-size stand-ins for the MuseTalk models: the official layer structure and channel counts (MuseTalk's UNet,
 * the sd-vae-ft-mse decoder and encoder, the Whisper-tiny encoder with its five stacked states) with seeded random
 * weights, under the runtime's tensor contract, so the real networks' arithmetic can be timed without the real
 * weights. Inputs and outputs are float32 in both precisions; fp16 models cast at the edges. Weights go to one
 * external-data file per model ({@code <file>.data}), streamed as they are drawn.
 *
 * <pre>
 * java -cp … dev.videochat.musetalk.testmodels.FullSizeModels FOLDER [fp32|fp16] [separate|fused] [divisor]
 * </pre>
 */
public final class FullSizeModels {

    /** The latent side of a 256 x 256 face (32). */
    public static final int LATENT_SIDE = 32;

    private static final long SEED = 17;

    /** Weight and arithmetic precision inside the models. */
    public enum Precision {
        /** float32 weights. */
        FP32,
        /** float16 weights and arithmetic, float32 inputs and outputs. */
        FP16
    }

    /** One stand-in model. */
    public enum Model {
        /** Whisper-tiny encoder: {@code input_features} [1, 80, 3000] to {@code states} [1, 1500, 5, 384]. */
        WHISPER("whisper_tiny_states.onnx"),
        /** The UNet: {@code sample}, {@code timestep}, {@code encoder_hidden_states} to {@code latents}. */
        UNET("unet.onnx"),
        /** The VAE decoder: {@code latents} to {@code image}. */
        VAE_DECODER("vae_decoder.onnx"),
        /** The VAE encoder: {@code image} to {@code latents}. */
        VAE_ENCODER("vae_encoder.onnx"),
        /** UNet and decoder in one graph with the uint8 BGR output {@code bgr_u8}. */
        UNET_DECODER("unet_vae_decoder.onnx");

        private final String file;

        Model(String file) {
            this.file = file;
        }

        /** The runtime's default file name for this model. */
        public String file() {
            return file;
        }
    }

    /**
     * What a model costs: learned parameters, and floating-point operations for one frame (2 x the multiply-accumulates
     * of convolutions, linear layers and attention products; for Whisper, one 30 s window).
     */
    public record Cost(long parameters, long flopsPerFrame) {
    }

    private FullSizeModels() {
    }

    /** Counts {@code model} at channel width 1 / {@code divisor} without writing anything. */
    public static Cost cost(Model model, int divisor) {
        StandInGraph g = StandInGraph.dry();
        emit(g, null, model, divisor);
        return new Cost(g.parameters(), 2 * g.macs());
    }

    /**
     * Writes {@code model} into {@code folder} (its default file name, weights in {@code <file>.data}) and returns the
     * model file.
     */
    public static Path write(Path folder, Model model, Precision precision, int divisor) throws IOException {
        Objects.requireNonNull(precision, "precision");
        requireDivisor(divisor);
        Files.createDirectories(folder);
        Path file = folder.resolve(model.file());
        String location = model.file() + ".data";
        OnnxGraph graph = new OnnxGraph("standin_" + model.name().toLowerCase(Locale.ROOT));
        try (WeightFile weights = new WeightFile(folder.resolve(location), precision == Precision.FP16,
                SEED + model.ordinal())) {
            emit(StandInGraph.writing(graph, weights, location, precision == Precision.FP16), graph, model, divisor);
        }
        graph.write(file);
        return file;
    }

    /**
     * Writes a model folder the runtime opens: Whisper with either the UNet and the decoder ({@code fused} false) or the
     * fused graph, plus {@code musetalk.properties} (version v1.5).
     */
    public static Path writeFolder(Path folder, Precision precision, boolean fused, int divisor) throws IOException {
        write(folder, Model.WHISPER, precision, divisor);
        if (fused) {
            write(folder, Model.UNET_DECODER, precision, divisor);
        } else {
            write(folder, Model.UNET, precision, divisor);
            write(folder, Model.VAE_DECODER, precision, divisor);
        }
        Files.writeString(folder.resolve(ModelManifest.FILE_NAME), "# Stand-in models with random weights ("
                + precision.name().toLowerCase(Locale.ROOT) + ", channels / " + divisor + "), written by FullSizeModels\n"
                + "version=v1.5\n");
        return folder;
    }

    /** Writes a folder from the command line: {@code FOLDER [fp32|fp16] [separate|fused] [divisor]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: FullSizeModels FOLDER [fp32|fp16] [separate|fused] [divisor]");
            System.exit(2);
        }
        Precision precision = args.length > 1 ? Precision.valueOf(args[1].toUpperCase(Locale.ROOT)) : Precision.FP32;
        boolean fused = args.length > 2 && args[2].equals("fused");
        int divisor = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        System.out.println("wrote " + writeFolder(Path.of(args[0]), precision, fused, divisor));
    }

    private static void requireDivisor(int divisor) {
        if (divisor != 1 && divisor != 2 && divisor != 4 && divisor != 8) {
            throw new IllegalArgumentException("divisor must be 1, 2, 4 or 8 (it divides the 32 norm groups), got " + divisor);
        }
    }

    private static void emit(StandInGraph g, OnnxGraph graph, Model model, int divisor) {
        requireDivisor(divisor);
        boolean declare = graph != null;
        int type = g.floatType();
        switch (model) {
            case WHISPER -> {
                if (declare) {
                    graph.input("input_features", FLOAT, 1, 80, 3000).output("states", FLOAT, 1, 1500, 5, 384);
                }
                g.nodeTo("Cast", new String[] {WhisperStandIn.build(g, toNetwork(g, "input_features"))}, "states",
                        i("to", FLOAT));
            }
            case UNET -> {
                declareUnetInputs(graph, declare).output("latents", FLOAT, StandInGraph.BATCH, 4, LATENT_SIDE, LATENT_SIDE);
                String latents = unet(g, divisor);
                g.nodeTo("Cast", new String[] {latents}, "latents", i("to", FLOAT));
            }
            case VAE_DECODER -> {
                if (declare) {
                    graph.input("latents", FLOAT, StandInGraph.BATCH, 4, LATENT_SIDE, LATENT_SIDE)
                            .output("image", FLOAT, StandInGraph.BATCH, 3, 8 * LATENT_SIDE, 8 * LATENT_SIDE);
                }
                String image = VaeStandIn.decoder(g, divisor, toNetwork(g, "latents"), LATENT_SIDE);
                g.nodeTo("Cast", new String[] {image}, "image", i("to", FLOAT));
            }
            case VAE_ENCODER -> {
                if (declare) {
                    graph.input("image", FLOAT, StandInGraph.BATCH, 3, 8 * LATENT_SIDE, 8 * LATENT_SIDE)
                            .output("latents", FLOAT, StandInGraph.BATCH, 4, LATENT_SIDE, LATENT_SIDE);
                }
                String latents = VaeStandIn.encoder(g, divisor, toNetwork(g, "image"), 8 * LATENT_SIDE);
                g.nodeTo("Cast", new String[] {latents}, "latents", i("to", FLOAT));
            }
            case UNET_DECODER -> {
                declareUnetInputs(graph, declare).output("bgr_u8", UINT8, StandInGraph.BATCH, 256, 256, 3);
                String rgb = VaeStandIn.decoder(g, divisor, unet(g, divisor), LATENT_SIDE);
                bgrBytes(g, type == FLOAT ? rgb : g.cast(rgb, FLOAT));
            }
            default -> throw new IllegalStateException("unknown model " + model);
        }
    }

    private static OnnxGraph declareUnetInputs(OnnxGraph graph, boolean declare) {
        if (!declare) {
            return new OnnxGraph("unused");
        }
        return graph.input("sample", FLOAT, StandInGraph.BATCH, 8, LATENT_SIDE, LATENT_SIDE)
                .input("timestep", INT64, 1)
                .input("encoder_hidden_states", FLOAT, StandInGraph.BATCH, 50, 384);
    }

    private static String unet(StandInGraph g, int divisor) {
        return UnetStandIn.build(g, divisor, toNetwork(g, "sample"), LATENT_SIDE, "timestep",
                toNetwork(g, "encoder_hidden_states"));
    }

    /** The float32 input {@code name} in the network's precision (a Cast for fp16). */
    private static String toNetwork(StandInGraph g, String name) {
        return g.floatType() == FLOAT ? name : g.cast(name, g.floatType());
    }

    /** round(clip(x / 2 + 0.5, 0, 1) * 255) as uint8, NHWC, RGB to BGR: the fused graph's tail. */
    private static void bgrBytes(StandInGraph g, String rgb) {
        String half = g.float32(new long[] {}, 0.5f);
        String halved = g.node("Mul", new String[] {rgb, half}, "halved");
        String unit = g.node("Add", new String[] {halved, half}, "unit");
        String clipped = g.node("Clip", new String[] {unit, g.float32(new long[] {}, 0f), g.float32(new long[] {}, 1f)}, "clipped");
        String scaled = g.node("Mul", new String[] {clipped, g.float32(new long[] {}, 255f)}, "scaled255");
        String rounded = g.node("Round", new String[] {scaled}, "rounded");
        String bytes = g.node("Cast", new String[] {rounded}, "rgb_u8", i("to", UINT8));
        String nhwc = g.node("Transpose", new String[] {bytes}, "nhwc", ints("perm", 0, 2, 3, 1));
        g.nodeTo("Gather", new String[] {nhwc, g.longs(2, 1, 0)}, "bgr_u8", i("axis", 3));
    }
}
