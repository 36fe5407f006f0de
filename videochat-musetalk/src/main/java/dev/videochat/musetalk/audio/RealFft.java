package dev.videochat.musetalk.audio;

/**
 * A mixed-radix (Cooley-Tukey, decimation in time) complex FFT of a fixed size whose prime factors are small,
 * used for Whisper's 400-point frames (400 = 2^4 * 5^2). Twiddles are precomputed in double precision; the
 * transform reuses its scratch arrays, so an instance is not thread-safe.
 */
final class RealFft {

    private final int n;
    private final int[] factors;
    private final double[] twRe;
    private final double[] twIm;
    private final double[] outRe;
    private final double[] outIm;
    private final double[] scratchRe;
    private final double[] scratchIm;

    RealFft(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("FFT size must be >= 2, got " + n);
        }
        this.n = n;
        this.factors = factorize(n);
        this.twRe = new double[n];
        this.twIm = new double[n];
        for (int k = 0; k < n; k++) {
            double phase = -2 * Math.PI * k / n;
            twRe[k] = Math.cos(phase);
            twIm[k] = Math.sin(phase);
        }
        this.outRe = new double[n];
        this.outIm = new double[n];
        int maxFactor = 0;
        for (int f : factors) {
            maxFactor = Math.max(maxFactor, f);
        }
        this.scratchRe = new double[maxFactor];
        this.scratchIm = new double[maxFactor];
    }

    int size() {
        return n;
    }

    /**
     * Writes the power spectrum |X[k]|^2 of the real signal {@code x[0..n)} for k = 0..n/2 into {@code power}.
     */
    void powerSpectrum(double[] x, double[] power) {
        transform(x, 0, 1, 0, 0);
        for (int k = 0; k <= n / 2; k++) {
            power[k] = outRe[k] * outRe[k] + outIm[k] * outIm[k];
        }
    }

    /** The complex spectrum of the last {@link #powerSpectrum} call, real part (for tests). */
    double re(int k) {
        return outRe[k];
    }

    /** The complex spectrum of the last {@link #powerSpectrum} call, imaginary part (for tests). */
    double im(int k) {
        return outIm[k];
    }

    private void transform(double[] in, int inOffset, int stride, int outOffset, int factorIndex) {
        int p = factors[factorIndex];
        int m = remaining(factorIndex) / p;
        if (m == 1) {
            for (int j = 0; j < p; j++) {
                outRe[outOffset + j] = in[inOffset + j * stride];
                outIm[outOffset + j] = 0;
            }
        } else {
            for (int j = 0; j < p; j++) {
                transform(in, inOffset + j * stride, stride * p, outOffset + j * m, factorIndex + 1);
            }
        }
        butterfly(outOffset, stride, p, m);
    }

    private int remaining(int factorIndex) {
        int r = 1;
        for (int i = factorIndex; i < factors.length; i++) {
            r *= factors[i];
        }
        return r;
    }

    /** Combines p sub-transforms of length m (generic radix-p step; p is small). */
    private void butterfly(int offset, int stride, int p, int m) {
        for (int u = 0; u < m; u++) {
            for (int q = 0; q < p; q++) {
                scratchRe[q] = outRe[offset + u + q * m];
                scratchIm[q] = outIm[offset + u + q * m];
            }
            for (int q1 = 0; q1 < p; q1++) {
                int k = u + q1 * m;
                double re = scratchRe[0];
                double im = scratchIm[0];
                int tw = 0;
                int step = (stride * k) % n;
                for (int q = 1; q < p; q++) {
                    tw += step;
                    if (tw >= n) {
                        tw -= n;
                    }
                    double a = scratchRe[q];
                    double b = scratchIm[q];
                    re += a * twRe[tw] - b * twIm[tw];
                    im += a * twIm[tw] + b * twRe[tw];
                }
                outRe[offset + k] = re;
                outIm[offset + k] = im;
            }
        }
    }

    private static int[] factorize(int n) {
        int[] tmp = new int[32];
        int count = 0;
        int rest = n;
        for (int f : new int[] {4, 2, 3, 5}) {
            while (rest % f == 0) {
                tmp[count++] = f;
                rest /= f;
            }
        }
        for (int f = 7; rest > 1; f += 2) {
            while (rest % f == 0) {
                tmp[count++] = f;
                rest /= f;
            }
        }
        return java.util.Arrays.copyOf(tmp, count);
    }
}
