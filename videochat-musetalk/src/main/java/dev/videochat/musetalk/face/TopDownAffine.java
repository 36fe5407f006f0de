package dev.videochat.musetalk.face;

/**
 * The affine map from a picture to DWPose's 288 x 384 input and back, as mmpose's top-down pipeline computes it
 * ({@code GetBBoxCenterScale} with padding 1.25, {@code TopdownAffine} with the aspect ratio fixed to 288 / 384, no
 * rotation). MuseTalk gives no person box, so mmpose takes the whole picture {@code [0, 0, width, height]}.
 *
 * <p>The map is a scale and a shift: input {@code (u, v)} = {@code (x - cx) * k + 144}, {@code (y - cy) * k + 192},
 * with {@code k = 288 / scaleWidth}. Keypoints come back through mmpose's formula
 * {@code x = u / 288 * scaleWidth + cx - scaleWidth / 2} (likewise for y), computed in float as mmpose does.
 */
final class TopDownAffine {

    /** DWPose's input width in pixels. */
    static final int INPUT_WIDTH = 288;
    /** DWPose's input height in pixels. */
    static final int INPUT_HEIGHT = 384;
    private static final float PADDING = 1.25f;

    final float centerX;
    final float centerY;
    final float scaleWidth;
    final float scaleHeight;

    private TopDownAffine(float centerX, float centerY, float scaleWidth, float scaleHeight) {
        this.centerX = centerX;
        this.centerY = centerY;
        this.scaleWidth = scaleWidth;
        this.scaleHeight = scaleHeight;
    }

    /** The map for the box {@code [x1, x2] x [y1, y2]} in picture pixels. */
    static TopDownAffine ofBox(float x1, float y1, float x2, float y2) {
        float w = (x2 - x1) * PADDING;
        float h = (y2 - y1) * PADDING;
        float aspect = (float) INPUT_WIDTH / INPUT_HEIGHT;
        if (w > h * aspect) {
            h = w / aspect;
        } else {
            w = h * aspect;
        }
        return new TopDownAffine((x1 + x2) * 0.5f, (y1 + y2) * 0.5f, w, h);
    }

    /** The map mmpose uses when no person box is given: the whole {@code width x height} picture. */
    static TopDownAffine ofPicture(int width, int height) {
        return ofBox(0, 0, width, height);
    }

    /** Input pixels per picture pixel. */
    double zoom() {
        return INPUT_WIDTH / (double) scaleWidth;
    }

    /** The picture x of input x {@code u} (in input pixels). */
    float pictureX(float u) {
        return u / INPUT_WIDTH * scaleWidth + centerX - 0.5f * scaleWidth;
    }

    /** The picture y of input y {@code v} (in input pixels). */
    float pictureY(float v) {
        return v / INPUT_HEIGHT * scaleHeight + centerY - 0.5f * scaleHeight;
    }

    /**
     * Warps a BGR24 picture into DWPose's input as {@code cv2.warpAffine} with bilinear sampling and a black border
     * does, then writes RGB planes normalised with mmpose's ImageNet mean (123.675, 116.28, 103.53) and standard
     * deviation (58.395, 57.12, 57.375).
     *
     * @param out {@code 3 * 384 * 288} floats: the R plane, then G, then B
     */
    void warp(byte[] bgr, int width, int height, float[] out) {
        double k = zoom();
        double inverse = 1 / k;
        int plane = INPUT_WIDTH * INPUT_HEIGHT;
        float[] mean = {123.675f, 116.28f, 103.53f};
        float[] std = {58.395f, 57.12f, 57.375f};
        float[] rgb = new float[3];
        for (int v = 0; v < INPUT_HEIGHT; v++) {
            double sy = (v - INPUT_HEIGHT / 2.0) * inverse + centerY;
            for (int u = 0; u < INPUT_WIDTH; u++) {
                double sx = (u - INPUT_WIDTH / 2.0) * inverse + centerX;
                sample(bgr, width, height, sx, sy, rgb);
                int p = v * INPUT_WIDTH + u;
                for (int c = 0; c < 3; c++) {
                    out[c * plane + p] = (rgb[c] - mean[c]) / std[c];
                }
            }
        }
    }

    /** Bilinear sample at {@code (x, y)}, pixels outside the picture black; writes R, G, B. */
    private static void sample(byte[] bgr, int width, int height, double x, double y, float[] rgb) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        rgb[0] = 0;
        rgb[1] = 0;
        rgb[2] = 0;
        for (int dy = 0; dy < 2; dy++) {
            int yy = y0 + dy;
            double wy = dy == 0 ? 1 - fy : fy;
            if (yy < 0 || yy >= height || wy == 0) {
                continue;
            }
            for (int dx = 0; dx < 2; dx++) {
                int xx = x0 + dx;
                double w = wy * (dx == 0 ? 1 - fx : fx);
                if (xx < 0 || xx >= width || w == 0) {
                    continue;
                }
                int i = (yy * width + xx) * 3;
                rgb[0] += (float) (w * (bgr[i + 2] & 0xff));
                rgb[1] += (float) (w * (bgr[i + 1] & 0xff));
                rgb[2] += (float) (w * (bgr[i] & 0xff));
            }
        }
    }
}
