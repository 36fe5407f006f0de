package dev.videochat.musetalk.image;

/**
 * Scales 8-bit images as Pillow's {@code Image.resize} does, which MuseTalk's face parsing uses (bilinear into the
 * network, bicubic back to the crop): a separable convolution whose filter support widens with the reduction
 * factor (so shrinking is low-passed, unlike OpenCV), pixel centres at half-integers, taps clipped to the image and
 * weights renormalised, results rounded and clamped to 0..255. Pillow computes in fixed point; this computes in
 * floating point, which can differ by one level.
 */
public final class PilResize {

    /** A Pillow resampling filter. */
    public enum Filter {
        /** {@code Image.BILINEAR}: the triangle over one pixel. */
        BILINEAR(1.0),
        /** {@code Image.BICUBIC}: Keys' cubic with a = -0.5 over two pixels. */
        BICUBIC(2.0);

        private final double support;

        Filter(double support) {
            this.support = support;
        }

        double weight(double x) {
            x = Math.abs(x);
            if (this == BILINEAR) {
                return x < 1 ? 1 - x : 0;
            }
            double a = -0.5;
            if (x < 1) {
                return ((a + 2) * x - (a + 3)) * x * x + 1;
            }
            if (x < 2) {
                return (((x - 5) * x + 8) * x - 4) * a;
            }
            return 0;
        }
    }

    private PilResize() {
    }

    /**
     * Scales a {@code srcWidth x srcHeight} image of {@code channels} interleaved 8-bit channels.
     *
     * @return a new {@code dstWidth x dstHeight} image
     */
    public static byte[] resize(byte[] src, int srcWidth, int srcHeight, int channels, int dstWidth, int dstHeight,
                                Filter filter) {
        if (src.length != srcWidth * srcHeight * channels) {
            throw new IllegalArgumentException("image of " + srcWidth + "x" + srcHeight + "x" + channels + " needs "
                    + srcWidth * srcHeight * channels + " bytes, got " + src.length);
        }
        if (dstWidth < 1 || dstHeight < 1) {
            throw new IllegalArgumentException("target size must be positive, got " + dstWidth + "x" + dstHeight);
        }
        Taps xs = taps(srcWidth, dstWidth, filter);
        Taps ys = taps(srcHeight, dstHeight, filter);
        // Pillow resizes horizontally first, rounding to 8 bits between the passes.
        byte[] across = new byte[srcHeight * dstWidth * channels];
        for (int y = 0; y < srcHeight; y++) {
            for (int x = 0; x < dstWidth; x++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int t = 0; t < xs.count[x]; t++) {
                        sum += xs.weight[x][t] * (src[(y * srcWidth + xs.first[x] + t) * channels + c] & 0xff);
                    }
                    across[(y * dstWidth + x) * channels + c] = clip(sum);
                }
            }
        }
        byte[] out = new byte[dstWidth * dstHeight * channels];
        for (int y = 0; y < dstHeight; y++) {
            for (int x = 0; x < dstWidth; x++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int t = 0; t < ys.count[y]; t++) {
                        sum += ys.weight[y][t] * (across[((ys.first[y] + t) * dstWidth + x) * channels + c] & 0xff);
                    }
                    out[(y * dstWidth + x) * channels + c] = clip(sum);
                }
            }
        }
        return out;
    }

    private static byte clip(double v) {
        long r = Math.round(v);
        return (byte) Math.max(0, Math.min(255, r));
    }

    private record Taps(int[] first, int[] count, double[][] weight) {
    }

    /** Pillow's {@code precompute_coeffs}. */
    private static Taps taps(int in, int out, Filter filter) {
        double scale = in / (double) out;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support * filterScale;
        int[] first = new int[out];
        int[] count = new int[out];
        double[][] weight = new double[out][];
        for (int i = 0; i < out; i++) {
            double center = (i + 0.5) * scale;
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), in) - min;
            double[] w = new double[Math.max(max, 0)];
            double total = 0;
            for (int t = 0; t < w.length; t++) {
                w[t] = filter.weight((t + min - center + 0.5) / filterScale);
                total += w[t];
            }
            for (int t = 0; t < w.length && total != 0; t++) {
                w[t] /= total;
            }
            first[i] = min;
            count[i] = w.length;
            weight[i] = w;
        }
        return new Taps(first, count, weight);
    }
}
