package dev.videochat.musetalk.face;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Loading and contract checks shared by the face models that run on the CPU during avatar preparation. */
final class OnnxFaceModel {

    static final String PROVIDER = "musetalk";

    private OnnxFaceModel() {
    }

    /** A CPU session of {@code model}, named {@code what} in errors. */
    static OrtSession open(Path model, String what) {
        if (!Files.isRegularFile(model)) {
            throw new ModelException(Stage.THG, PROVIDER, "no " + what + " model at " + model.toAbsolutePath());
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
            return OrtEnvironment.getEnvironment().createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, PROVIDER, "cannot load the " + what + " " + model + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that tensor {@code name} is float32 of {@code expected} (a leading -1 accepts any batch) and throws
     * naming the file and what it found otherwise.
     */
    static void expect(Path model, String what, Map<String, NodeInfo> nodes, String name, long... expected) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw mismatch(model, what, "it has no tensor '" + name + "' (it has " + nodes.keySet() + ")");
        }
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
            throw mismatch(model, what, "tensor '" + name + "' is not float32");
        }
        long[] shape = info.getShape();
        boolean ok = shape.length == expected.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = shape[i] == expected[i] || (i == 0 && shape[i] < 0);
        }
        if (!ok) {
            throw mismatch(model, what, "tensor '" + name + "' has shape " + Arrays.toString(shape) + ", expected "
                    + Arrays.toString(expected));
        }
    }

    static ModelException mismatch(Path model, String what, String detail) {
        return new ModelException(Stage.THG, PROVIDER, model + " is not a " + what + " model: " + detail);
    }

    static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // the load or contract error is what the caller needs to see
        }
    }
}
