package dev.videochat.vad.testmodels;

import dev.videochat.core.testing.OnnxGraph;
import java.io.IOException;
import java.nio.file.Path;

import static dev.videochat.core.testing.OnnxGraph.FLOAT;
import static dev.videochat.core.testing.OnnxGraph.INT64;
import static dev.videochat.core.testing.OnnxGraph.i;
import static dev.videochat.core.testing.OnnxGraph.ints;

/**
 * Stand-ins for the Silero VAD model with its exact tensors ({@code input} f32[B,576], {@code state} f32[2,B,128],
 * {@code sr} i64 scalar; {@code output} f32[B,1], {@code stateN} f32[2,B,128}) and a rule simple enough to compute
 * by hand ({@link #probability}): loud input reads as speech, and the state keeps a fading memory of it.
 */
public final class TinySileroModel {

    /** The tiny model's gain on energy. */
    public static final float GAIN = 1000f;
    /** The tiny model's bias: silence with empty state reads as sigmoid(-4), about 0.018. */
    public static final float BIAS = 4f;

    private TinySileroModel() {
    }

    /**
     * The stand-in: with e = mean of input² over all 576 samples and m = mean of state,
     * {@code output = sigmoid((GAIN · (e + m) - BIAS) · sr / 16000)} and {@code stateN = state / 2 + e}.
     */
    public static OnnxGraph graph() {
        return withInputs(new OnnxGraph("tiny_silero_vad"), "input", 576, "sr")
                .output("output", FLOAT, "batch", 1)
                .output("stateN", FLOAT, 2, "batch", 128)
                .floats("gain", new long[0], GAIN)
                .floats("bias", new long[0], BIAS)
                .floats("half", new long[0], 0.5f)
                .floats("rate", new long[0], 16_000f)
                .longs("axis1", new long[] {1}, 1)
                .node("Mul", new String[] {"input", "input"}, new String[] {"squares"})
                .node("ReduceMean", new String[] {"squares"}, new String[] {"energy"}, ints("axes", 1), i("keepdims", 1))
                .node("ReduceMean", new String[] {"state"}, new String[] {"memory0"}, ints("axes", 0, 2),
                        i("keepdims", 0))
                .node("Unsqueeze", new String[] {"memory0", "axis1"}, new String[] {"memory"})
                .node("Add", new String[] {"energy", "memory"}, new String[] {"total"})
                .node("Mul", new String[] {"total", "gain"}, new String[] {"scaled"})
                .node("Sub", new String[] {"scaled", "bias"}, new String[] {"centred"})
                .node("Cast", new String[] {"sr"}, new String[] {"srf"}, i("to", FLOAT))
                .node("Div", new String[] {"srf", "rate"}, new String[] {"rateRatio"})
                .node("Mul", new String[] {"centred", "rateRatio"}, new String[] {"logit"})
                .node("Sigmoid", new String[] {"logit"}, new String[] {"output"})
                .node("Mul", new String[] {"state", "half"}, new String[] {"halved"})
                .node("Add", new String[] {"halved", "energy"}, new String[] {"stateN"});
    }

    /** The stand-in with another frame size ({@code input} f32[B, samples]); otherwise the same. */
    public static OnnxGraph withFrame(int samples) {
        return withInputs(new OnnxGraph("tiny_silero_vad_wrong_frame"), "input", samples, "sr")
                .output("output", FLOAT, "batch", 1)
                .output("stateN", FLOAT, 2, "batch", 128)
                .node("ReduceMean", new String[] {"input"}, new String[] {"output"}, ints("axes", 1), i("keepdims", 1))
                .node("Identity", new String[] {"state"}, new String[] {"stateN"});
    }

    /** The stand-in with its audio input called {@code inputName}. */
    public static OnnxGraph withInputName(String inputName) {
        return withInputs(new OnnxGraph("tiny_silero_vad_renamed"), inputName, 576, "sr")
                .output("output", FLOAT, "batch", 1)
                .output("stateN", FLOAT, 2, "batch", 128)
                .node("ReduceMean", new String[] {inputName}, new String[] {"output"}, ints("axes", 1), i("keepdims", 1))
                .node("Identity", new String[] {"state"}, new String[] {"stateN"});
    }

    /** A graph with Silero v4's tensors: {@code input}, {@code sr}, {@code h}, {@code c}. */
    public static OnnxGraph v4() {
        return new OnnxGraph("tiny_silero_v4")
                .input("input", FLOAT, "batch", "samples")
                .input("sr", INT64)
                .input("h", FLOAT, 2, "batch", 64)
                .input("c", FLOAT, 2, "batch", 64)
                .output("output", FLOAT, "batch", 1)
                .output("hn", FLOAT, 2, "batch", 64)
                .output("cn", FLOAT, 2, "batch", 64)
                .node("ReduceMean", new String[] {"input"}, new String[] {"output"}, ints("axes", 1), i("keepdims", 1))
                .node("Identity", new String[] {"h"}, new String[] {"hn"})
                .node("Identity", new String[] {"c"}, new String[] {"cn"});
    }

    /** Writes the standard stand-in into {@code folder} as {@code silero_vad.onnx}. */
    public static Path write(Path folder) throws IOException {
        return graph().write(folder.resolve("silero_vad.onnx"));
    }

    /**
     * What the stand-in answers, computed here: {@code audio} is the 576 floats the model sees (context, then the
     * frame), {@code state} the 256 state values, updated in place to the next state.
     */
    public static float probability(float[] audio, float[] state) {
        double energy = 0;
        for (float x : audio) {
            energy += (double) x * x;
        }
        energy /= audio.length;
        double memory = 0;
        for (float s : state) {
            memory += s;
        }
        memory /= state.length;
        for (int k = 0; k < state.length; k++) {
            state[k] = (float) (state[k] * 0.5 + energy);
        }
        double logit = GAIN * (energy + memory) - BIAS;
        return (float) (1 / (1 + Math.exp(-logit)));
    }

    private static OnnxGraph withInputs(OnnxGraph g, String inputName, int samples, String srName) {
        return g.input(inputName, FLOAT, "batch", samples)
                .input("state", FLOAT, 2, "batch", 128)
                .input(srName, INT64);
    }
}
