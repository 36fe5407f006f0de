package dev.videochat.musetalk.image;

/**
 * Blending masks for generated faces. MuseTalk's own mask comes from a face-parsing network (the skin and lips
 * below the middle of the crop box, then feathered); without that network this draws the same region as a shape:
 * the half-ellipse that fills the face box below the crop box's middle (the jaw and cheeks), feathered with the
 * same Gaussian MuseTalk uses, so the edges of the redrawn mouth area fade into the original picture.
 */
public final class Masks {

    private Masks() {
    }

    /**
     * The mask of a crop box of {@code side x side} pixels whose face box is {@code [fx1, fx2) x [fy1, fy2)} in crop
     * coordinates: 0 in the upper half of the crop box and outside the face box, 255 well inside the lower face, a
     * smooth ramp between. The Gaussian kernel is {@code int(0.1 * side / 2) * 2 + 1} pixels wide (MuseTalk's
     * real-time blending); the shape starts one kernel radius below the middle so that the upper half stays 0.
     *
     * @return {@code side * side} bytes, row by row
     */
    public static byte[] lowerFaceMask(int side, int fx1, int fy1, int fx2, int fy2) {
        if (side < 2) {
            throw new IllegalArgumentException("crop box side must be >= 2, got " + side);
        }
        if (fx1 < 0 || fy1 < 0 || fx2 > side || fy2 > side || fx2 <= fx1 || fy2 <= fy1) {
            throw new IllegalArgumentException("face box (" + fx1 + "," + fy1 + ")-(" + fx2 + "," + fy2
                    + ") must lie inside the " + side + "x" + side + " crop box");
        }
        int kernel = (int) (0.1 * side / 2) * 2 + 1;
        int radius = kernel / 2;
        int middle = side / 2;
        int top = Math.max(middle + radius, fy1);
        float[] shape = new float[side * side];
        double cx = (fx1 + fx2) / 2.0;
        double a = (fx2 - fx1) / 2.0;
        double b = fy2 - top;
        if (b > 0) {
            for (int y = top; y < fy2; y++) {
                double dy = (y + 0.5 - top) / b;
                for (int x = fx1; x < fx2; x++) {
                    double dx = (x + 0.5 - cx) / a;
                    if (dx * dx + dy * dy <= 1) {
                        shape[y * side + x] = 255f;
                    }
                }
            }
        }
        float[] blurred = gaussian(shape, side, kernel);
        byte[] mask = new byte[side * side];
        for (int i = middle * side; i < mask.length; i++) {
            int v = Math.round(blurred[i]);
            mask[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
        return mask;
    }

    /** A separable Gaussian blur with OpenCV's sigma for the kernel size, edges repeated. */
    private static float[] gaussian(float[] image, int side, int kernel) {
        if (kernel < 3) {
            return image;
        }
        int radius = kernel / 2;
        double sigma = 0.3 * ((kernel - 1) * 0.5 - 1) + 0.8;
        float[] weights = new float[kernel];
        double total = 0;
        for (int i = 0; i < kernel; i++) {
            double d = i - radius;
            weights[i] = (float) Math.exp(-d * d / (2 * sigma * sigma));
            total += weights[i];
        }
        for (int i = 0; i < kernel; i++) {
            weights[i] = (float) (weights[i] / total);
        }
        float[] across = new float[image.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float sum = 0;
                for (int k = 0; k < kernel; k++) {
                    int sx = Math.max(0, Math.min(side - 1, x + k - radius));
                    sum += weights[k] * image[y * side + sx];
                }
                across[y * side + x] = sum;
            }
        }
        float[] out = new float[image.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float sum = 0;
                for (int k = 0; k < kernel; k++) {
                    int sy = Math.max(0, Math.min(side - 1, y + k - radius));
                    sum += weights[k] * across[sy * side + x];
                }
                out[y * side + x] = sum;
            }
        }
        return out;
    }
}
