package dev.videochat.musetalk.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The names, element types and shapes each MuseTalk model must have, and the check run when a session loads.
 * A dimension of {@link #BATCH} matches a dynamic dimension or any fixed batch size (the same one in every
 * tensor of the model); a dynamic dimension in the file matches any expected size.
 */
final class ModelContract {

    static final long BATCH = -1;

    /** One tensor of the contract: {@code key} is its default name, {@code name} its name in the file. */
    record Tensor(String key, String name, OnnxJavaType type, long[] shape) {
    }

    private final ModelRole role;
    private final List<Tensor> inputs;
    private final List<Tensor> outputs;

    private ModelContract(ModelRole role, List<Tensor> inputs, List<Tensor> outputs) {
        this.role = role;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    static ModelContract of(ModelRole role, ModelManifest manifest) {
        List<Tensor> in = new ArrayList<>();
        List<Tensor> out = new ArrayList<>();
        switch (role) {
            case WHISPER_ENCODER -> {
                in.add(tensor(role, manifest, "input_features", OnnxJavaType.FLOAT, 1, 80, 3000));
                out.add(tensor(role, manifest, "states", OnnxJavaType.FLOAT, 1, 1500, 5, 384));
            }
            case UNET, UNET_DECODER -> {
                in.add(tensor(role, manifest, "sample", OnnxJavaType.FLOAT, BATCH, 8, 32, 32));
                in.add(tensor(role, manifest, "timestep", OnnxJavaType.INT64, 1));
                in.add(tensor(role, manifest, "encoder_hidden_states", OnnxJavaType.FLOAT, BATCH, 50, 384));
                if (role == ModelRole.UNET) {
                    out.add(tensor(role, manifest, "latents", OnnxJavaType.FLOAT, BATCH, 4, 32, 32));
                } else {
                    out.add(tensor(role, manifest, "bgr_u8", OnnxJavaType.UINT8, BATCH, 256, 256, 3));
                }
            }
            case VAE_ENCODER -> {
                in.add(tensor(role, manifest, "image", OnnxJavaType.FLOAT, BATCH, 3, 256, 256));
                out.add(tensor(role, manifest, "latents", OnnxJavaType.FLOAT, BATCH, 4, 32, 32));
            }
            case VAE_DECODER -> {
                in.add(tensor(role, manifest, "latents", OnnxJavaType.FLOAT, BATCH, 4, 32, 32));
                out.add(tensor(role, manifest, "image", OnnxJavaType.FLOAT, BATCH, 3, 256, 256));
            }
            default -> throw new IllegalArgumentException("no contract for " + role);
        }
        return new ModelContract(role, List.copyOf(in), List.copyOf(out));
    }

    private static Tensor tensor(ModelRole role, ModelManifest manifest, String key, OnnxJavaType type, long... shape) {
        return new Tensor(key, manifest.tensorName(role, key), type, shape);
    }

    List<Tensor> inputs() {
        return inputs;
    }

    List<Tensor> outputs() {
        return outputs;
    }

    Tensor input(String key) {
        return find(inputs, key);
    }

    Tensor output(String key) {
        return find(outputs, key);
    }

    private static Tensor find(List<Tensor> tensors, String key) {
        for (Tensor t : tensors) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no tensor " + key);
    }

    /**
     * Checks {@code session} (loaded from {@code file}) against the contract.
     *
     * @return the fixed batch size the model declares, or empty when its batch dimension is dynamic
     * @throws ModelException naming the file and the first mismatch
     */
    OptionalInt check(OrtSession session, Path file) {
        try {
            long[] batch = {0};
            checkAll("input", inputs, session.getInputInfo(), file, batch);
            checkAll("output", outputs, session.getOutputInfo(), file, batch);
            return batch[0] > 0 ? OptionalInt.of((int) batch[0]) : OptionalInt.empty();
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, "musetalk", "cannot read the inputs and outputs of " + file + ": " + e.getMessage(), e);
        }
    }

    private void checkAll(String kind, List<Tensor> expected, Map<String, NodeInfo> actual, Path file, long[] batch) {
        for (Tensor t : expected) {
            NodeInfo node = actual.get(t.name());
            if (node == null) {
                throw mismatch(file, kind + " '" + t.name() + "' is missing; the model's " + kind + "s are "
                        + actual.keySet() + " (rename it in " + ModelManifest.FILE_NAME + " with "
                        + role.key() + "." + t.key() + "=<name>)");
            }
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw mismatch(file, kind + " '" + t.name() + "' is not a tensor but " + node.getInfo());
            }
            if (info.type != t.type()) {
                throw mismatch(file, kind + " '" + t.name() + "' has element type " + info.type + ", expected " + t.type());
            }
            long[] shape = info.getShape();
            if (!fits(shape, t.shape(), batch)) {
                throw mismatch(file, kind + " '" + t.name() + "' has shape " + describe(shape, "?") + ", expected "
                        + describe(t.shape(), "B"));
            }
        }
    }

    static boolean fits(long[] actual, long[] expected, long[] batch) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            long a = actual[i];
            long e = expected[i];
            if (a < 0) {
                continue;
            }
            if (e == BATCH) {
                if (batch[0] > 0 && batch[0] != a) {
                    return false;
                }
                batch[0] = a;
            } else if (a != e) {
                return false;
            }
        }
        return true;
    }

    private ModelException mismatch(Path file, String what) {
        return new ModelException(Stage.THG, "musetalk", "model file " + file + " does not fit the MuseTalk "
                + role + " contract: " + what);
    }

    /** A shape as text, with {@code unknown} for negative (batch or dynamic) dimensions. */
    static String describe(long[] shape, String unknown) {
        String[] parts = new String[shape.length];
        for (int i = 0; i < shape.length; i++) {
            parts[i] = shape[i] < 0 ? unknown : Long.toString(shape[i]);
        }
        return Arrays.toString(parts);
    }
}
