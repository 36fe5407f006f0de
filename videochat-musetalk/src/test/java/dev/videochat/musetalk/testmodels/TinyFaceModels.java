package dev.videochat.musetalk.testmodels;

import dev.videochat.core.testing.OnnxGraph;

import java.util.Arrays;

import static dev.videochat.core.testing.OnnxGraph.FLOAT;
import static dev.videochat.core.testing.OnnxGraph.i;

/**
 * Stand-ins for the face models of avatar preparation with their real tensor names, shapes and types, whose
 * outputs are fixed patterns (plus zero times the input's maximum, so the input is wired): the RFB-320 detector
 * finding one box, DWPose whose SimCC peaks encode a known symmetric face, and BiSeNet whose argmax is a known label
 * map.
 */
public final class TinyFaceModels {

    /** DWPose's x bins (288 pixels x 2) and y bins (384 x 2). */
    public static final int X_BINS = 576;
    /** DWPose's y bins. */
    public static final int Y_BINS = 768;
    private static final int KEYPOINTS = 133;
    private static final int FACE_FIRST = 23;
    private static final int[] SELF_MIRRORED = {8, 27, 28, 29, 30, 33, 51, 57, 62, 66};

    private TinyFaceModels() {
    }

    /**
     * RFB-320 with one candidate: {@code input [1, 3, 240, 320]} to {@code scores [1, 1, 2]} = (0.1, 0.9) and
     * {@code boxes [1, 1, 4]} = the given corners as fractions of the picture.
     */
    public static OnnxGraph faceDetector(float x1, float y1, float x2, float y2) {
        return constantOf(new OnnxGraph("tiny_rfb320").input("input", FLOAT, 1, 3, 240, 320), "input")
                .output("scores", FLOAT, 1, 1, 2)
                .output("boxes", FLOAT, 1, 1, 4)
                .floats("score_values", new long[] {1, 1, 2}, 0.1f, 0.9f)
                .floats("box_values", new long[] {1, 1, 4}, x1, y1, x2, y2)
                .node("Add", new String[] {"score_values", "zero"}, new String[] {"scores"})
                .node("Add", new String[] {"box_values", "zero"}, new String[] {"boxes"});
    }

    /**
     * DWPose with one-hot SimCC peaks for the 68 face keypoints (23 to 90): face point {@code f} at x bin
     * {@code xBins[f]} and y bin {@code yBins[f]}; other keypoints all zero. For flip testing to give the same
     * points back, mirror pairs must sit at x bins {@code b} and {@code 575 - b} with equal y bins, and
     * self-mirrored points at bin 287 (the average then ties 287 with 288, and the first wins).
     */
    public static OnnxGraph dwPose(int[] xBins, int[] yBins) {
        float[] x = new float[KEYPOINTS * X_BINS];
        float[] y = new float[KEYPOINTS * Y_BINS];
        for (int f = 0; f < 68; f++) {
            x[(FACE_FIRST + f) * X_BINS + xBins[f]] = 1f;
            y[(FACE_FIRST + f) * Y_BINS + yBins[f]] = 1f;
        }
        return constantOf(new OnnxGraph("tiny_dwpose").input("input", FLOAT, 1, 3, 384, 288), "input")
                .output("simcc_x", FLOAT, 1, KEYPOINTS, X_BINS)
                .output("simcc_y", FLOAT, 1, KEYPOINTS, Y_BINS)
                .floats("x_values", new long[] {1, KEYPOINTS, X_BINS}, x)
                .floats("y_values", new long[] {1, KEYPOINTS, Y_BINS}, y)
                .node("Add", new String[] {"x_values", "zero"}, new String[] {"simcc_x"})
                .node("Add", new String[] {"y_values", "zero"}, new String[] {"simcc_y"});
    }

    /**
     * A symmetric face for {@link #dwPose}, in bins: jaw ends (points 0 and 16) at x bins 160 and 415, other pairs
     * at 224 and 351, self-mirrored points at 287; chin (8) at y bin 640, nose bridge 28 / 29 / 30 at 352 / 384 /
     * 416, the rest at 448.
     *
     * @return {@code {xBins, yBins}}
     */
    public static int[][] symmetricFace() {
        int[] xb = new int[68];
        int[] yb = new int[68];
        Arrays.fill(xb, 224);
        Arrays.fill(yb, 448);
        int[][] pairs = {
                {0, 16}, {1, 15}, {2, 14}, {3, 13}, {4, 12}, {5, 11}, {6, 10}, {7, 9},
                {17, 26}, {18, 25}, {19, 24}, {20, 23}, {21, 22}, {31, 35}, {32, 34},
                {36, 45}, {37, 44}, {38, 43}, {39, 42}, {40, 47}, {41, 46},
                {48, 54}, {49, 53}, {50, 52}, {55, 59}, {56, 58}, {60, 64}, {61, 63}, {65, 67}};
        for (int[] p : pairs) {
            xb[p[0]] = 224;
            xb[p[1]] = 575 - 224;
        }
        xb[0] = 160;
        xb[16] = 575 - 160;
        for (int s : SELF_MIRRORED) {
            xb[s] = 287;
        }
        yb[8] = 640;
        yb[28] = 352;
        yb[29] = 384;
        yb[30] = 416;
        return new int[][] {xb, yb};
    }

    /**
     * BiSeNet with {@code image [1, 3, 512, 512]} to {@code logits [1, 19, 512, 512]} whose argmax is
     * {@link #parsedLabel}: skin (1) on {@code [128, 383] x [128, 447]} (x by y), upper lip (12) on
     * {@code [200, 311] x [380, 420]}, background (0) elsewhere. The logits are a column term plus a row term.
     */
    public static OnnxGraph faceParsing() {
        float[] columns = new float[19 * 512];
        float[] rows = new float[19 * 512];
        Arrays.fill(columns, -10f);
        Arrays.fill(rows, -10f);
        for (int p = 0; p < 512; p++) {
            columns[p] = 0f;
            rows[p] = 0.5f;
            columns[512 + p] = p >= 128 && p <= 383 ? 1f : -10f;
            rows[512 + p] = p >= 128 && p <= 447 ? 1f : -10f;
            columns[12 * 512 + p] = p >= 200 && p <= 311 ? 1.5f : -10f;
            rows[12 * 512 + p] = p >= 380 && p <= 420 ? 1.5f : -10f;
        }
        return constantOf(new OnnxGraph("tiny_bisenet").input("image", FLOAT, 1, 3, 512, 512), "image")
                .output("logits", FLOAT, 1, 19, 512, 512)
                .floats("columns", new long[] {1, 19, 1, 512}, columns)
                .floats("rows", new long[] {1, 19, 512, 1}, rows)
                .node("Add", new String[] {"columns", "rows"}, new String[] {"grid"})
                .node("Add", new String[] {"grid", "zero"}, new String[] {"logits"});
    }

    /** The label of pixel {@code (x, y)} of {@link #faceParsing}'s map. */
    public static int parsedLabel(int x, int y) {
        if (x >= 200 && x <= 311 && y >= 380 && y <= 420) {
            return 12;
        }
        return x >= 128 && x <= 383 && y >= 128 && y <= 447 ? 1 : 0;
    }

    /** Adds {@code zero}: a scalar 0 computed from {@code input}, so the input is used. */
    private static OnnxGraph constantOf(OnnxGraph g, String input) {
        return g.floats("nothing", new long[] {}, 0f)
                .node("ReduceMax", new String[] {input}, new String[] {"peak"}, i("keepdims", 0))
                .node("Mul", new String[] {"peak", "nothing"}, new String[] {"zero"});
    }
}
