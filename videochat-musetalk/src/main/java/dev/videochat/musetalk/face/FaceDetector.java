package dev.videochat.musetalk.face;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.musetalk.image.Resizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the main face in a picture with the "ultra-light" RFB-320 face detector (a 1.2 MB ONNX model, run on the
 * CPU): input {@code input} f32 {@code [1, 3, 240, 320]} (RGB, {@code (x - 127) / 128}); outputs {@code scores}
 * f32 {@code [1, N, 2]} (background, face) and {@code boxes} f32 {@code [1, N, 4]} (corners, as fractions of the
 * picture). The contract is checked when the model loads.
 *
 * <p>The answer is the most confident face above the threshold, its box averaged (by score) with the candidate
 * boxes that overlap it, which steadies it from frame to frame. Calls are serialised.
 */
public final class FaceDetector implements AutoCloseable {

    /** The detector's input width in pixels. */
    public static final int INPUT_WIDTH = 320;
    /** The detector's input height in pixels. */
    public static final int INPUT_HEIGHT = 240;
    /** The confidence a face needs by default. */
    public static final float DEFAULT_THRESHOLD = 0.7f;
    private static final float MERGE_IOU = 0.5f;
    private static final String PROVIDER = "musetalk";

    private final Path file;
    private final OrtSession session;
    private final float threshold;
    private final int candidates;
    private final FloatBuffer input;
    private final OnnxTensor inputTensor;
    private final byte[] small = new byte[INPUT_WIDTH * INPUT_HEIGHT * 3];
    private final float[] scores;
    private final float[] boxes;
    private Resizer resizer;
    private int resizerWidth;
    private int resizerHeight;
    private byte[] pixels = new byte[0];

    private FaceDetector(Path file, OrtSession session, float threshold, int candidates) throws OrtException {
        this.file = file;
        this.session = session;
        this.threshold = threshold;
        this.candidates = candidates;
        ByteBuffer bytes = ByteBuffer.allocateDirect(4 * 3 * INPUT_WIDTH * INPUT_HEIGHT).order(ByteOrder.nativeOrder());
        this.input = bytes.asFloatBuffer();
        this.inputTensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), input,
                new long[] {1, 3, INPUT_HEIGHT, INPUT_WIDTH});
        this.scores = new float[candidates * 2];
        this.boxes = new float[candidates * 4];
    }

    /** Opens the detector at {@code model} with the default threshold. */
    public static FaceDetector open(Path model) {
        return open(model, DEFAULT_THRESHOLD);
    }

    /**
     * Opens the detector at {@code model}.
     *
     * @param threshold the confidence (0..1) a face needs
     * @throws ModelException naming the file when it is missing, unloadable or not of the contract above
     */
    public static FaceDetector open(Path model, float threshold) {
        Objects.requireNonNull(model, "model");
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("face threshold must be in (0, 1), got " + threshold);
        }
        if (!Files.isRegularFile(model)) {
            throw new ModelException(Stage.THG, PROVIDER, "no face detector model at " + model.toAbsolutePath());
        }
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
            session = OrtEnvironment.getEnvironment().createSession(model.toString(), options);
            int candidates = checkContract(model, session);
            return new FaceDetector(model, session, threshold, candidates);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelException(Stage.THG, PROVIDER, "cannot load the face detector " + model + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static int checkContract(Path model, OrtSession session) throws OrtException {
        long[] in = shape(model, session.getInputInfo(), "input");
        if (in.length != 4 || in[1] != 3 || in[2] != INPUT_HEIGHT || in[3] != INPUT_WIDTH) {
            throw mismatch(model, "input 'input' has shape " + Arrays.toString(in) + ", expected [1, 3, "
                    + INPUT_HEIGHT + ", " + INPUT_WIDTH + "]");
        }
        long[] scores = shape(model, session.getOutputInfo(), "scores");
        long[] boxes = shape(model, session.getOutputInfo(), "boxes");
        if (scores.length != 3 || scores[2] != 2 || scores[1] <= 0) {
            throw mismatch(model, "output 'scores' has shape " + Arrays.toString(scores) + ", expected [1, N, 2]");
        }
        if (boxes.length != 3 || boxes[2] != 4 || boxes[1] != scores[1]) {
            throw mismatch(model, "output 'boxes' has shape " + Arrays.toString(boxes) + ", expected [1, "
                    + scores[1] + ", 4]");
        }
        return Math.toIntExact(scores[1]);
    }

    private static long[] shape(Path model, Map<String, NodeInfo> nodes, String name) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw mismatch(model, "it has no tensor '" + name + "' (it has " + nodes.keySet() + ")");
        }
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
            throw mismatch(model, "tensor '" + name + "' is not float32");
        }
        return info.getShape();
    }

    private static ModelException mismatch(Path model, String what) {
        return new ModelException(Stage.THG, PROVIDER, model + " is not an RFB-320 face detector: " + what);
    }

    /**
     * The most confident face in {@code frame}, or empty when none reaches the threshold.
     */
    public synchronized Optional<FaceBox> detect(VideoFrame frame) {
        Objects.requireNonNull(frame, "frame");
        int width = frame.width();
        int height = frame.height();
        if (resizer == null || resizerWidth != width || resizerHeight != height) {
            resizer = Resizer.linear(width, height, INPUT_WIDTH, INPUT_HEIGHT, 3);
            resizerWidth = width;
            resizerHeight = height;
            pixels = new byte[frame.byteSize()];
        }
        frame.pixels().get(pixels);
        resizer.resize(pixels, small);
        boolean bgr = frame.format() == PixelFormat.BGR24;
        int plane = INPUT_WIDTH * INPUT_HEIGHT;
        for (int p = 0; p < plane; p++) {
            int r = small[p * 3 + (bgr ? 2 : 0)] & 0xff;
            int g = small[p * 3 + 1] & 0xff;
            int b = small[p * 3 + (bgr ? 0 : 2)] & 0xff;
            input.put(p, (r - 127f) / 128f);
            input.put(plane + p, (g - 127f) / 128f);
            input.put(2 * plane + p, (b - 127f) / 128f);
        }
        try (OrtSession.Result result = session.run(Map.of("input", inputTensor))) {
            ((OnnxTensor) result.get("scores").orElseThrow()).getFloatBuffer().get(scores);
            ((OnnxTensor) result.get("boxes").orElseThrow()).getFloatBuffer().get(boxes);
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, PROVIDER, "the face detector " + file + " failed: "
                    + e.getMessage(), e);
        }
        return best(width, height);
    }

    private Optional<FaceBox> best(int width, int height) {
        int top = -1;
        for (int i = 0; i < candidates; i++) {
            if (scores[i * 2 + 1] >= threshold && (top < 0 || scores[i * 2 + 1] > scores[top * 2 + 1])) {
                top = i;
            }
        }
        if (top < 0) {
            return Optional.empty();
        }
        FaceBox winner = candidate(top, width, height);
        if (winner == null) {
            return Optional.empty();
        }
        double x1 = 0;
        double y1 = 0;
        double x2 = 0;
        double y2 = 0;
        double weight = 0;
        for (int i = 0; i < candidates; i++) {
            if (scores[i * 2 + 1] < threshold) {
                continue;
            }
            FaceBox box = candidate(i, width, height);
            if (box != null && box.iou(winner) >= MERGE_IOU) {
                double w = box.score();
                x1 += w * box.x1();
                y1 += w * box.y1();
                x2 += w * box.x2();
                y2 += w * box.y2();
                weight += w;
            }
        }
        return Optional.of(new FaceBox((float) (x1 / weight), (float) (y1 / weight), (float) (x2 / weight),
                (float) (y2 / weight), winner.score()));
    }

    /** Candidate {@code i} in picture pixels, clipped to the picture, or null when nothing of it is inside. */
    private FaceBox candidate(int i, int width, int height) {
        float x1 = clamp(boxes[i * 4] * width, width);
        float y1 = clamp(boxes[i * 4 + 1] * height, height);
        float x2 = clamp(boxes[i * 4 + 2] * width, width);
        float y2 = clamp(boxes[i * 4 + 3] * height, height);
        if (!(x2 > x1) || !(y2 > y1)) {
            return null;
        }
        return new FaceBox(x1, y1, x2, y2, Math.min(1f, Math.max(0f, scores[i * 2 + 1])));
    }

    private static float clamp(float v, int max) {
        return Math.max(0f, Math.min(max, v));
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // the load error is what the caller needs to see
            }
        }
    }

    @Override
    public synchronized void close() {
        inputTensor.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, PROVIDER, "cannot close the face detector " + file, e);
        }
    }
}
