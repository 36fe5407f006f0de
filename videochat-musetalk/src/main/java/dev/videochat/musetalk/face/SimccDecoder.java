package dev.videochat.musetalk.face;

/**
 * Decodes DWPose's SimCC outputs into keypoints in input pixels, as mmpose's {@code SimCCLabel.decode} does: per
 * keypoint the argmax of the x and y vectors (the first on ties, as numpy's), divided by the split ratio 2.0; a
 * keypoint whose smaller peak of the two is not positive is set to bin -1 ({@code get_simcc_maximum}).
 *
 * <p>With flip testing (MuseTalk's DWPose config has {@code flip_test=True}) the network also sees the horizontally
 * flipped input; its x vectors are reversed and swapped between left and right keypoints, its y vectors swapped,
 * and both are averaged with the plain ones before the argmax ({@code RTMCCHead.predict}). Only the face keypoints
 * 23 to 90 are decoded here, whose mirror images are face keypoints too.
 */
final class SimccDecoder {

    /** The SimCC split ratio of dw-ll_ucoco_384: bins per input pixel. */
    static final float SPLIT_RATIO = 2.0f;
    /** COCO-WholeBody keypoints of the whole body. */
    static final int KEYPOINTS = 133;
    /** The first face keypoint. */
    static final int FACE_FIRST = 23;
    /** x bins: 288 pixels x 2. */
    static final int X_BINS = 576;
    /** y bins: 384 pixels x 2. */
    static final int Y_BINS = 768;

    private static final int[] FACE_MIRROR = faceMirror();

    private SimccDecoder() {
    }

    /** For each of the 68 iBUG face points, its mirror image (jaw, brows, nose, eyes, lips). */
    private static int[] faceMirror() {
        int[] m = new int[LandmarkBox.FACE_LANDMARKS];
        for (int i = 0; i < m.length; i++) {
            m[i] = i;
        }
        int[][] pairs = {
                {0, 16}, {1, 15}, {2, 14}, {3, 13}, {4, 12}, {5, 11}, {6, 10}, {7, 9},
                {17, 26}, {18, 25}, {19, 24}, {20, 23}, {21, 22},
                {31, 35}, {32, 34},
                {36, 45}, {37, 44}, {38, 43}, {39, 42}, {40, 47}, {41, 46},
                {48, 54}, {49, 53}, {50, 52}, {55, 59}, {56, 58},
                {60, 64}, {61, 63}, {65, 67}};
        for (int[] p : pairs) {
            m[p[0]] = p[1];
            m[p[1]] = p[0];
        }
        return m;
    }

    /** The mirror image of face point {@code i} (0..67). */
    static int mirror(int i) {
        return FACE_MIRROR[i];
    }

    /**
     * Decodes the 68 face keypoints.
     *
     * @param x      simcc_x, {@code 133 * 576} floats
     * @param y      simcc_y, {@code 133 * 768} floats
     * @param flipX  simcc_x of the flipped input, or null without flip testing
     * @param flipY  simcc_y of the flipped input, or null without flip testing
     * @param outU   68 x coordinates in input pixels
     * @param outV   68 y coordinates in input pixels
     */
    static void decodeFace(float[] x, float[] y, float[] flipX, float[] flipY, float[] outU, float[] outV) {
        boolean flip = flipX != null;
        for (int f = 0; f < LandmarkBox.FACE_LANDMARKS; f++) {
            int k = FACE_FIRST + f;
            int m = FACE_FIRST + mirror(f);
            int bestX = 0;
            float maxX = Float.NEGATIVE_INFINITY;
            for (int b = 0; b < X_BINS; b++) {
                float v = x[k * X_BINS + b];
                if (flip) {
                    v = (v + flipX[m * X_BINS + (X_BINS - 1 - b)]) * 0.5f;
                }
                if (v > maxX) {
                    maxX = v;
                    bestX = b;
                }
            }
            int bestY = 0;
            float maxY = Float.NEGATIVE_INFINITY;
            for (int b = 0; b < Y_BINS; b++) {
                float v = y[k * Y_BINS + b];
                if (flip) {
                    v = (v + flipY[m * Y_BINS + b]) * 0.5f;
                }
                if (v > maxY) {
                    maxY = v;
                    bestY = b;
                }
            }
            boolean visible = Math.min(maxX, maxY) > 0;
            outU[f] = (visible ? bestX : -1) / SPLIT_RATIO;
            outV[f] = (visible ? bestY : -1) / SPLIT_RATIO;
        }
    }
}
