package dev.videochat.vad.silero;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The tensors a Silero VAD v5/v6 model must have, checked when the session loads. {@code B} (the batch) may be
 * dynamic or 1; a dynamic dimension in the file matches any expected size.
 * <pre>
 *   input   input   f32 [B, 576]     64 samples of context + 512 new samples, 16 kHz, in [-1, 1)
 *   input   state   f32 [2, B, 128]  recurrent state, zeros for a new stream
 *   input   sr      i64 []           the sample rate, 16000 (a [1] vector is accepted too)
 *   output  output  f32 [B, 1]       speech probability of the 512 new samples
 *   output  stateN  f32 [2, B, 128]  the state to feed with the next frame
 * </pre>
 */
final class SileroContract {

    static final String INPUT = "input";
    static final String STATE = "state";
    static final String SAMPLE_RATE = "sr";
    static final String OUTPUT = "output";
    static final String STATE_OUT = "stateN";
    /** Shape of the state tensor with a batch of 1. */
    static final long[] STATE_SHAPE = {2, 1, 128};
    private static final long BATCH = -2;

    private SileroContract() {
    }

    /**
     * Checks {@code session}, loaded from {@code file}.
     *
     * @return whether {@code sr} is a one-element vector rather than a scalar
     * @throws ModelException naming the file and the first tensor that does not fit
     */
    static boolean check(OrtSession session, Path file) {
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            Map<String, NodeInfo> out = session.getOutputInfo();
            if (in.containsKey("h") && in.containsKey("c") && !in.containsKey(STATE)) {
                throw mismatch(file, "it takes 'h' and 'c', the state of Silero VAD v3/v4; use v5 or later, "
                        + "whose state is one tensor 'state'");
            }
            expect(file, "input", in, INPUT, OnnxJavaType.FLOAT, BATCH,
                    SileroVad.CONTEXT_SAMPLES + SileroVad.FRAME_SAMPLES);
            expect(file, "input", in, STATE, OnnxJavaType.FLOAT, 2, BATCH, 128);
            long[] sr = tensor(file, "input", in, SAMPLE_RATE, OnnxJavaType.INT64).getShape();
            boolean vector = sr.length == 1 && (sr[0] == 1 || sr[0] < 0);
            if (sr.length != 0 && !vector) {
                throw mismatch(file, "input '" + SAMPLE_RATE + "' has shape " + Arrays.toString(sr)
                        + ", expected a scalar []");
            }
            expect(file, "output", out, OUTPUT, OnnxJavaType.FLOAT, BATCH, 1);
            expect(file, "output", out, STATE_OUT, OnnxJavaType.FLOAT, 2, BATCH, 128);
            return vector;
        } catch (OrtException e) {
            throw new ModelException(Stage.VAD, SileroVad.NAME, "cannot read the inputs and outputs of " + file
                    + ": " + e.getMessage(), e);
        }
    }

    private static void expect(Path file, String kind, Map<String, NodeInfo> nodes, String name, OnnxJavaType type,
                               long... shape) {
        long[] actual = tensor(file, kind, nodes, name, type).getShape();
        if (!fits(actual, shape)) {
            throw mismatch(file, kind + " '" + name + "' has shape " + describe(actual, "?") + ", expected "
                    + describe(shape, "B"));
        }
    }

    private static TensorInfo tensor(Path file, String kind, Map<String, NodeInfo> nodes, String name,
                                     OnnxJavaType type) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw mismatch(file, kind + " '" + name + "' is missing; the model's " + kind + "s are " + nodes.keySet());
        }
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw mismatch(file, kind + " '" + name + "' is not a tensor but " + node.getInfo());
        }
        if (info.type != type) {
            throw mismatch(file, kind + " '" + name + "' has element type " + info.type + ", expected " + type);
        }
        return info;
    }

    /** A dynamic (negative) dimension fits anything; the batch must be dynamic or 1. */
    private static boolean fits(long[] actual, long[] expected) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            long a = actual[i];
            long e = expected[i] == BATCH ? 1 : expected[i];
            if (a >= 0 && a != e) {
                return false;
            }
        }
        return true;
    }

    private static String describe(long[] shape, String unknown) {
        String[] parts = new String[shape.length];
        for (int i = 0; i < shape.length; i++) {
            parts[i] = shape[i] < 0 ? unknown : Long.toString(shape[i]);
        }
        return Arrays.toString(parts);
    }

    private static ModelException mismatch(Path file, String what) {
        return new ModelException(Stage.VAD, SileroVad.NAME, "model file " + file
                + " does not fit the Silero VAD v5/v6 contract: " + what);
    }
}
