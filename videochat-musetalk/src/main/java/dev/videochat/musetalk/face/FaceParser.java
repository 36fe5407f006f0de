package dev.videochat.musetalk.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.image.PilResize;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Face parsing with BiSeNet (CelebAMask-HQ, 19 classes, {@code 79999_iter.pth} exported by
 * {@code tools/export_onnx.py}), run on the CPU, as MuseTalk's {@code FaceParsing} does: the picture scaled to
 * 512 x 512 (Pillow bilinear), RGB in 0..1 normalised with ImageNet mean (0.485, 0.456, 0.406) and standard
 * deviation (0.229, 0.224, 0.225), and the per-pixel argmax of the logits.
 *
 * <p>Contract, checked when the model loads: input f32 {@code image [1, 3, 512, 512]}; output f32
 * {@code logits [1, 19, 512, 512]}. Calls are serialised.
 */
public final class FaceParser implements AutoCloseable {

    /** The default input name. */
    public static final String INPUT = "image";
    /** The default output name. */
    public static final String OUTPUT = "logits";
    /** CelebAMask-HQ classes. */
    public static final int CLASSES = 19;
    private static final int S = FaceParsingMask.SIZE;
    private static final String WHAT = "BiSeNet face-parsing";

    private final Path file;
    private final OrtSession session;
    private final String input;
    private final String output;
    private final float[] image = new float[3 * S * S];
    private final float[] logits = new float[CLASSES * S * S];

    private FaceParser(Path file, OrtSession session, String input, String output) {
        this.file = file;
        this.session = session;
        this.input = input;
        this.output = output;
    }

    /** Opens BiSeNet at {@code model} with the default tensor names. */
    public static FaceParser open(Path model) {
        return open(model, INPUT, OUTPUT);
    }

    /**
     * Opens BiSeNet at {@code model}.
     *
     * @throws ModelException naming the file when it is missing, unloadable or not of the contract above
     */
    public static FaceParser open(Path model, String input, String output) {
        Objects.requireNonNull(model, "model");
        OrtSession session = OnnxFaceModel.open(model, WHAT);
        try {
            OnnxFaceModel.expect(model, WHAT, session.getInputInfo(), input, 1, 3, S, S);
            OnnxFaceModel.expect(model, WHAT, session.getOutputInfo(), output, 1, CLASSES, S, S);
            return new FaceParser(model, session, input, output);
        } catch (OrtException e) {
            OnnxFaceModel.closeQuietly(session);
            throw new ModelException(Stage.THG, OnnxFaceModel.PROVIDER, "cannot read " + model + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            OnnxFaceModel.closeQuietly(session);
            throw e;
        }
    }

    /**
     * The class of each pixel of a {@code width x height} BGR24 picture scaled to 512 x 512.
     *
     * @return {@code 512 * 512} class indices (0..18), row by row
     */
    public synchronized byte[] labels(byte[] bgr, int width, int height) {
        Objects.requireNonNull(bgr, "bgr");
        byte[] scaled = PilResize.resize(bgr, width, height, 3, S, S, PilResize.Filter.BILINEAR);
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        int plane = S * S;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                // BGR in, RGB planes out
                float v = (scaled[p * 3 + 2 - c] & 0xff) / 255f;
                image[c * plane + p] = (v - mean[c]) / std[c];
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(image),
                new long[] {1, 3, S, S});
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer().get(logits);
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, OnnxFaceModel.PROVIDER, "face parsing " + file + " failed: "
                    + e.getMessage(), e);
        }
        byte[] labels = new byte[plane];
        for (int p = 0; p < plane; p++) {
            int best = 0;
            float max = logits[p];
            for (int c = 1; c < CLASSES; c++) {
                float v = logits[c * plane + p];
                if (v > max) {
                    max = v;
                    best = c;
                }
            }
            labels[p] = (byte) best;
        }
        return labels;
    }

    @Override
    public synchronized void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, OnnxFaceModel.PROVIDER, "cannot close face parsing " + file, e);
        }
    }
}
