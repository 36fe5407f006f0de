package dev.videochat.musetalk.runtime;

import ai.onnxruntime.OnnxJavaType;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The MuseTalk tensor contract of one model ({@link ModelRole}), for a backend that checks a model it does not load
 * itself, from the names, element types and shapes a server declares. The same rules as the in-process check: a
 * batch dimension matches a dynamic one or one fixed size across the model; a dynamic dimension matches any size.
 */
public final class TensorContract {

    /** A batch dimension in {@link Tensor#shape()}; also what a declared shape uses for a dynamic dimension. */
    public static final long DYNAMIC = -1;

    /** The element types the contract uses. */
    public enum ElementType {
        /** 32-bit IEEE float. */
        FLOAT32,
        /** 64-bit signed integer. */
        INT64,
        /** 8-bit unsigned integer. */
        UINT8
    }

    /**
     * One tensor of the contract.
     *
     * @param key   its default name (the manifest key)
     * @param name  its name in the model (after the manifest's renames)
     * @param type  its element type
     * @param shape its dimensions, {@link #DYNAMIC} for the batch
     */
    public record Tensor(String key, String name, ElementType type, long[] shape) {

        /** Whether the tensor has a batch dimension. */
        public boolean batched() {
            for (long d : shape) {
                if (d == DYNAMIC) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One tensor as a model declares it.
     *
     * @param type     its element type, or null when it is none of {@link ElementType}
     * @param typeName the type as the model names it (for messages), e.g. {@code FP16}
     * @param shape    its dimensions, {@link #DYNAMIC} for any size
     */
    public record Declared(ElementType type, String typeName, long[] shape) {
    }

    private final ModelRole role;
    private final ModelContract contract;
    private final List<Tensor> inputs;
    private final List<Tensor> outputs;

    private TensorContract(ModelRole role, ModelContract contract) {
        this.role = role;
        this.contract = contract;
        this.inputs = contract.inputs().stream().map(TensorContract::describe).toList();
        this.outputs = contract.outputs().stream().map(TensorContract::describe).toList();
    }

    /** The contract of {@code role}'s model with the tensor names of {@code manifest}. */
    public static TensorContract of(ModelRole role, ModelManifest manifest) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(manifest, "manifest");
        return new TensorContract(role, ModelContract.of(role, manifest));
    }

    private static Tensor describe(ModelContract.Tensor t) {
        return new Tensor(t.key(), t.name(), elementType(t.type()), t.shape().clone());
    }

    /** The model this contract is for. */
    public ModelRole role() {
        return role;
    }

    /** The inputs, in the contract's order. */
    public List<Tensor> inputs() {
        return inputs;
    }

    /** The outputs, in the contract's order. */
    public List<Tensor> outputs() {
        return outputs;
    }

    /** The input whose default name is {@code key}, e.g. {@code "sample"}. */
    public Tensor input(String key) {
        return find(inputs, key);
    }

    /** The output whose default name is {@code key}, e.g. {@code "bgr_u8"}. */
    public Tensor output(String key) {
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
     * Checks the tensors a model declares against the contract.
     *
     * @param model   the model as messages should name it, e.g. {@code "model 'unet' on grpc://gpu-pool:8001"}
     * @param inputs  the declared inputs by name
     * @param outputs the declared outputs by name
     * @return the batch size the model fixes, or empty when its batch dimension is dynamic
     * @throws ModelException naming the model, the tensor and the mismatch (shape, type or a missing name)
     */
    public OptionalInt check(String model, Map<String, Declared> inputs, Map<String, Declared> outputs) {
        long[] batch = {0};
        checkAll(model, "input", this.inputs, inputs, batch);
        checkAll(model, "output", this.outputs, outputs, batch);
        return batch[0] > 0 ? OptionalInt.of((int) batch[0]) : OptionalInt.empty();
    }

    private void checkAll(String model, String kind, List<Tensor> expected, Map<String, Declared> actual, long[] batch) {
        for (Tensor t : expected) {
            Declared d = actual.get(t.name());
            if (d == null) {
                throw mismatch(model, kind + " '" + t.name() + "' is missing; its " + kind + "s are " + actual.keySet()
                        + " (rename it in " + ModelManifest.FILE_NAME + " with " + role.key() + "." + t.key()
                        + "=<name>)");
            }
            if (d.type() != t.type()) {
                throw mismatch(model, kind + " '" + t.name() + "' has element type " + d.typeName() + ", expected "
                        + t.type());
            }
            if (!ModelContract.fits(d.shape(), t.shape(), batch)) {
                throw mismatch(model, kind + " '" + t.name() + "' has shape " + ModelContract.describe(d.shape(), "?")
                        + ", expected " + ModelContract.describe(t.shape(), "B"));
            }
        }
    }

    private ModelException mismatch(String model, String what) {
        return new ModelException(Stage.THG, "musetalk", model + " does not fit the MuseTalk " + role + " contract: "
                + what);
    }

    private static ElementType elementType(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> ElementType.FLOAT32;
            case INT64 -> ElementType.INT64;
            case UINT8 -> ElementType.UINT8;
            default -> throw new IllegalStateException("the contract uses no " + type + " tensor");
        };
    }
}
