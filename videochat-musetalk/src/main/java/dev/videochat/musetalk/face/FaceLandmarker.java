package dev.videochat.musetalk.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The 68 face landmarks of a picture from DWPose ({@code dw-ll_ucoco_384}, RTMPose-l whole body, run on the CPU),
 * as MuseTalk's preparation gets them: the whole picture as the person box, warped to the 288 x 384 input
 * ({@link TopDownAffine}), SimCC outputs decoded with flip testing ({@link SimccDecoder}), and keypoints 23 to 90
 * mapped back to picture pixels.
 *
 * <p>Contract, checked when the model loads: input f32 {@code [1, 3, 384, 288]} (RGB, ImageNet mean and standard
 * deviation on 0..255); outputs f32 {@code simcc_x [1, 133, 576]} and {@code simcc_y [1, 133, 768]}. Calls are
 * serialised.
 */
public final class FaceLandmarker implements AutoCloseable {

    /** The default input name. */
    public static final String INPUT = "input";
    /** The default name of the x output. */
    public static final String SIMCC_X = "simcc_x";
    /** The default name of the y output. */
    public static final String SIMCC_Y = "simcc_y";
    private static final String WHAT = "DWPose (dw-ll_ucoco_384)";

    private final Path file;
    private final OrtSession session;
    private final String input;
    private final String simccX;
    private final String simccY;
    private final boolean flipTest;
    private final float[] image = new float[3 * TopDownAffine.INPUT_WIDTH * TopDownAffine.INPUT_HEIGHT];
    private final float[] flipped = new float[image.length];
    private final float[] x = new float[SimccDecoder.KEYPOINTS * SimccDecoder.X_BINS];
    private final float[] y = new float[SimccDecoder.KEYPOINTS * SimccDecoder.Y_BINS];
    private final float[] flipX = new float[x.length];
    private final float[] flipY = new float[y.length];

    /** The landmarks of one face in picture pixels, 68 each, iBUG order. */
    public record Landmarks(float[] xs, float[] ys) {
    }

    private FaceLandmarker(Path file, OrtSession session, String input, String simccX, String simccY,
                           boolean flipTest) {
        this.file = file;
        this.session = session;
        this.input = input;
        this.simccX = simccX;
        this.simccY = simccY;
        this.flipTest = flipTest;
    }

    /** Opens DWPose at {@code model} with the default tensor names and flip testing, as MuseTalk runs it. */
    public static FaceLandmarker open(Path model) {
        return open(model, INPUT, SIMCC_X, SIMCC_Y, true);
    }

    /**
     * Opens DWPose at {@code model}.
     *
     * @param flipTest also run the mirrored picture and average, as MuseTalk's config does (twice the time)
     * @throws ModelException naming the file when it is missing, unloadable or not of the contract above
     */
    public static FaceLandmarker open(Path model, String input, String simccX, String simccY, boolean flipTest) {
        Objects.requireNonNull(model, "model");
        OrtSession session = OnnxFaceModel.open(model, WHAT);
        try {
            OnnxFaceModel.expect(model, WHAT, session.getInputInfo(), input, 1, 3, TopDownAffine.INPUT_HEIGHT,
                    TopDownAffine.INPUT_WIDTH);
            OnnxFaceModel.expect(model, WHAT, session.getOutputInfo(), simccX, 1, SimccDecoder.KEYPOINTS,
                    SimccDecoder.X_BINS);
            OnnxFaceModel.expect(model, WHAT, session.getOutputInfo(), simccY, 1, SimccDecoder.KEYPOINTS,
                    SimccDecoder.Y_BINS);
            return new FaceLandmarker(model, session, input, simccX, simccY, flipTest);
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
     * The face landmarks of a {@code width x height} BGR24 picture, in its pixels (unrounded).
     */
    public synchronized Landmarks landmarks(byte[] bgr, int width, int height) {
        Objects.requireNonNull(bgr, "bgr");
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR24 picture has "
                    + width * height * 3 + " bytes, got " + bgr.length);
        }
        TopDownAffine affine = TopDownAffine.ofPicture(width, height);
        affine.warp(bgr, width, height, image);
        run(image, x, y);
        if (flipTest) {
            mirror(image, flipped);
            run(flipped, flipX, flipY);
        }
        float[] u = new float[LandmarkBox.FACE_LANDMARKS];
        float[] v = new float[LandmarkBox.FACE_LANDMARKS];
        SimccDecoder.decodeFace(x, y, flipTest ? flipX : null, flipTest ? flipY : null, u, v);
        for (int i = 0; i < u.length; i++) {
            u[i] = affine.pictureX(u[i]);
            v[i] = affine.pictureY(v[i]);
        }
        return new Landmarks(u, v);
    }

    /** The input flipped left to right, as mmpose flips the batch for flip testing. */
    private static void mirror(float[] in, float[] out) {
        int w = TopDownAffine.INPUT_WIDTH;
        for (int row = 0; row < in.length / w; row++) {
            for (int c = 0; c < w; c++) {
                out[row * w + c] = in[row * w + (w - 1 - c)];
            }
        }
    }

    private void run(float[] pixels, float[] outX, float[] outY) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels),
                new long[] {1, 3, TopDownAffine.INPUT_HEIGHT, TopDownAffine.INPUT_WIDTH});
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            ((OnnxTensor) result.get(simccX).orElseThrow()).getFloatBuffer().get(outX);
            ((OnnxTensor) result.get(simccY).orElseThrow()).getFloatBuffer().get(outY);
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, OnnxFaceModel.PROVIDER, "DWPose " + file + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException(Stage.THG, OnnxFaceModel.PROVIDER, "cannot close DWPose " + file, e);
        }
    }
}
