package dev.videochat.musetalk.image;

/**
 * {@code cv2.GaussianBlur(image, (k, k), 0)} on one 8-bit channel: a separable kernel whose sigma follows from its
 * size ({@code 0.3 * ((k - 1) / 2 - 1) + 0.8}), OpenCV's fixed kernels for sizes 1 to 7, and OpenCV's default border
 * ({@code BORDER_REFLECT_101}: {@code gfedcb|abcdefgh|gfedcba}). Results are rounded to the nearest integer.
 */
public final class GaussianBlur {

    private static final float[][] SMALL = {
            {1f},
            {0.25f, 0.5f, 0.25f},
            {0.0625f, 0.25f, 0.375f, 0.25f, 0.0625f},
            {0.03125f, 0.109375f, 0.21875f, 0.28125f, 0.21875f, 0.109375f, 0.03125f}};

    private GaussianBlur() {
    }

    /**
     * The kernel of odd size {@code size}, normalised to sum 1.
     */
    static float[] kernel(int size) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("Gaussian kernel size must be odd and positive, got " + size);
        }
        if (size <= 7) {
            return SMALL[size / 2].clone();
        }
        double sigma = 0.3 * ((size - 1) * 0.5 - 1) + 0.8;
        double[] w = new double[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            double d = i - (size - 1) / 2.0;
            w[i] = Math.exp(-d * d / (2 * sigma * sigma));
            total += w[i];
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) (w[i] / total);
        }
        return out;
    }

    /**
     * Blurs a {@code width x height} single-channel image with a {@code size x size} kernel.
     *
     * @return a new image of the same size
     */
    public static byte[] blur(byte[] image, int width, int height, int size) {
        if (image.length != width * height) {
            throw new IllegalArgumentException("image of " + width + "x" + height + " needs " + width * height
                    + " bytes, got " + image.length);
        }
        float[] k = kernel(size);
        int r = size / 2;
        float[] across = new float[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int i = 0; i < size; i++) {
                    sum += k[i] * (image[y * width + reflect101(x + i - r, width)] & 0xff);
                }
                across[y * width + x] = sum;
            }
        }
        byte[] out = new byte[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int i = 0; i < size; i++) {
                    sum += k[i] * across[reflect101(y + i - r, height) * width + x];
                }
                int v = Math.round(sum);
                out[y * width + x] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return out;
    }

    /** Index {@code i} reflected into {@code [0, n)} without repeating the edge ({@code BORDER_REFLECT_101}). */
    static int reflect101(int i, int n) {
        if (n == 1) {
            return 0;
        }
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        return i;
    }
}
