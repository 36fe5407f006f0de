package dev.videochat.musetalk.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/** One loaded ONNX session whose inputs and outputs were checked against its {@link ModelContract}. */
final class OnnxModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final ModelRole role;
    private final Path file;
    private final OrtSession session;
    private final ModelContract contract;
    private final OptionalInt fixedBatch;

    private OnnxModel(ModelRole role, Path file, OrtSession session, ModelContract contract, OptionalInt fixedBatch) {
        this.role = role;
        this.file = file;
        this.session = session;
        this.contract = contract;
        this.fixedBatch = fixedBatch;
    }

    /**
     * Opens {@code file} (by path, so external weight files beside it are found) and checks its contract.
     *
     * @throws ModelException naming the file when it is missing, cannot be loaded or does not fit
     */
    static OnnxModel load(OrtEnvironment env, ModelRole role, Path file, ModelManifest manifest,
                          OrtSession.SessionOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(Stage.THG, "musetalk", "the " + role + " model " + file.toAbsolutePath()
                    + " does not exist; export it with videochat-musetalk/tools/export_onnx.py");
        }
        OrtSession session;
        try {
            session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, "musetalk", "cannot load the " + role + " model " + file + ": "
                    + e.getMessage(), e);
        }
        try {
            ModelContract contract = ModelContract.of(role, manifest);
            OptionalInt batch = contract.check(session, file);
            LOG.debug("loaded {} from {} (fixed batch {})", role, file, batch);
            return new OnnxModel(role, file, session, contract, batch);
        } catch (RuntimeException e) {
            closeQuietly(session, e);
            throw e;
        }
    }

    ModelRole role() {
        return role;
    }

    Path file() {
        return file;
    }

    /** The batch size fixed in the file, if any. */
    OptionalInt fixedBatch() {
        return fixedBatch;
    }

    String input(String key) {
        return contract.input(key).name();
    }

    String output(String key) {
        return contract.output(key).name();
    }

    /** Runs with every output written into the pre-allocated {@code pinned} tensors; allocates no output. */
    void run(Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> pinned) {
        try (OrtSession.Result ignored = session.run(inputs, pinned)) {
            // The outputs already sit in the pinned tensors' buffers.
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, "musetalk", "running the " + role + " model " + file + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Fails with a clear message when the file fixes a batch size other than {@code batch}. */
    void requireBatch(int batch) {
        if (fixedBatch.isPresent() && fixedBatch.getAsInt() != batch) {
            throw new ModelException(Stage.THG, "musetalk", "model file " + file + " is exported for batch "
                    + fixedBatch.getAsInt() + " but batch " + batch + " is configured; set batchSize to "
                    + fixedBatch.getAsInt() + " or export with a dynamic batch");
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing the {} session failed: {}", role, e.getMessage());
        }
    }

    static ByteBuffer direct(long bytes) {
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }

    static OnnxTensor tensor(OrtEnvironment env, ByteBuffer data, OnnxJavaType type, long... shape) {
        try {
            return switch (type) {
                case FLOAT -> OnnxTensor.createTensor(env, data.asFloatBuffer(), shape);
                case INT64 -> OnnxTensor.createTensor(env, data.asLongBuffer(), shape);
                default -> OnnxTensor.createTensor(env, data, shape, type);
            };
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create a " + type + " tensor: " + e.getMessage(), e);
        }
    }

    static void closeQuietly(AutoCloseable c, Throwable primary) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
