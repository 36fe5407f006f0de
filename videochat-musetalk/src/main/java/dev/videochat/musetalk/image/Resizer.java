package dev.videochat.musetalk.image;

import java.util.Objects;

/**
 * Scales packed 8-bit images (any number of interleaved channels) from one fixed size to another, with OpenCV's
 * sampling: pixel centres at half-integers, edge pixels repeated, and no low-pass filter when shrinking (as
 * {@code cv2.resize} does for {@code INTER_LINEAR} and {@code INTER_LANCZOS4}), so faces cut and pasted here line
 * up with what MuseTalk was trained on.
 *
 * <p>The taps and weights are computed once, at construction; {@link #resize} allocates nothing. One resizer keeps
 * a scratch row buffer, so it is not thread-safe: use one per thread.
 */
public final class Resizer {

    private final int srcWidth;
    private final int srcHeight;
    private final int dstWidth;
    private final int dstHeight;
    private final int channels;
    private final int taps;
    private final int[] xIndex;
    private final float[] xWeight;
    private final int[] yIndex;
    private final float[] yWeight;
    private final float[] rows;

    private Resizer(int srcWidth, int srcHeight, int dstWidth, int dstHeight, int channels, Kernel kernel) {
        if (srcWidth < 1 || srcHeight < 1 || dstWidth < 1 || dstHeight < 1) {
            throw new IllegalArgumentException("image sizes must be positive, got " + srcWidth + "x" + srcHeight
                    + " to " + dstWidth + "x" + dstHeight);
        }
        if (channels < 1 || channels > 4) {
            throw new IllegalArgumentException("channels must be 1..4, got " + channels);
        }
        this.srcWidth = srcWidth;
        this.srcHeight = srcHeight;
        this.dstWidth = dstWidth;
        this.dstHeight = dstHeight;
        this.channels = channels;
        this.taps = kernel.taps;
        this.xIndex = new int[dstWidth * taps];
        this.xWeight = new float[dstWidth * taps];
        this.yIndex = new int[dstHeight * taps];
        this.yWeight = new float[dstHeight * taps];
        weights(kernel, srcWidth, dstWidth, xIndex, xWeight);
        weights(kernel, srcHeight, dstHeight, yIndex, yWeight);
        // Horizontally scaled source rows, all of them: the vertical pass then reads any row in any order.
        this.rows = new float[srcHeight * dstWidth * channels];
    }

    /** Bilinear scaling ({@code cv2.INTER_LINEAR}). */
    public static Resizer linear(int srcWidth, int srcHeight, int dstWidth, int dstHeight, int channels) {
        return new Resizer(srcWidth, srcHeight, dstWidth, dstHeight, channels, Kernel.LINEAR);
    }

    /** Lanczos scaling over 8 x 8 neighbours ({@code cv2.INTER_LANCZOS4}). */
    public static Resizer lanczos4(int srcWidth, int srcHeight, int dstWidth, int dstHeight, int channels) {
        return new Resizer(srcWidth, srcHeight, dstWidth, dstHeight, channels, Kernel.LANCZOS4);
    }

    /** Bytes of one source image. */
    public int sourceBytes() {
        return srcWidth * srcHeight * channels;
    }

    /** Bytes of one scaled image. */
    public int targetBytes() {
        return dstWidth * dstHeight * channels;
    }

    /**
     * Scales {@code src} ({@link #sourceBytes()} bytes, rows top to bottom, channels interleaved) into the first
     * {@link #targetBytes()} bytes of {@code dst}.
     */
    public void resize(byte[] src, byte[] dst) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (src.length < sourceBytes()) {
            throw new IllegalArgumentException("source image of " + srcWidth + "x" + srcHeight + "x" + channels
                    + " needs " + sourceBytes() + " bytes, got " + src.length);
        }
        if (dst.length < targetBytes()) {
            throw new IllegalArgumentException("target image of " + dstWidth + "x" + dstHeight + "x" + channels
                    + " needs " + targetBytes() + " bytes, got " + dst.length);
        }
        int rowFloats = dstWidth * channels;
        for (int y = 0; y < srcHeight; y++) {
            int srcRow = y * srcWidth * channels;
            int out = y * rowFloats;
            for (int x = 0; x < dstWidth; x++) {
                int t0 = x * taps;
                for (int c = 0; c < channels; c++) {
                    float sum = 0;
                    for (int t = 0; t < taps; t++) {
                        sum += xWeight[t0 + t] * (src[srcRow + xIndex[t0 + t] * channels + c] & 0xff);
                    }
                    rows[out + x * channels + c] = sum;
                }
            }
        }
        for (int y = 0; y < dstHeight; y++) {
            int t0 = y * taps;
            int out = y * rowFloats;
            for (int i = 0; i < rowFloats; i++) {
                float sum = 0;
                for (int t = 0; t < taps; t++) {
                    sum += yWeight[t0 + t] * rows[yIndex[t0 + t] * rowFloats + i];
                }
                int v = Math.round(sum);
                dst[out + i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
            }
        }
    }

    private static void weights(Kernel kernel, int src, int dst, int[] index, float[] weight) {
        double scale = src / (double) dst;
        int taps = kernel.taps;
        for (int d = 0; d < dst; d++) {
            double centre = (d + 0.5) * scale - 0.5;
            if (kernel == Kernel.LINEAR && centre < 0) {
                centre = 0; // OpenCV clamps the first sample onto the first pixel
            }
            int first = (int) Math.floor(centre) - (taps / 2 - 1);
            double total = 0;
            for (int t = 0; t < taps; t++) {
                int s = first + t;
                double w = kernel.weight(centre - s);
                index[d * taps + t] = Math.max(0, Math.min(src - 1, s));
                weight[d * taps + t] = (float) w;
                total += w;
            }
            for (int t = 0; t < taps; t++) {
                weight[d * taps + t] = (float) (weight[d * taps + t] / total);
            }
        }
    }

    private enum Kernel {
        LINEAR(2) {
            @Override
            double weight(double distance) {
                double d = Math.abs(distance);
                return d < 1 ? 1 - d : 0;
            }
        },
        LANCZOS4(8) {
            @Override
            double weight(double distance) {
                double d = Math.abs(distance);
                if (d < 1e-9) {
                    return 1;
                }
                if (d >= 4) {
                    return 0;
                }
                double p = Math.PI * d;
                return 4 * Math.sin(p) * Math.sin(p / 4) / (p * p);
            }
        };

        final int taps;

        Kernel(int taps) {
            this.taps = taps;
        }

        abstract double weight(double distance);
    }
}
