package dev.videochat.musetalk.audio;

/**
 * Triangular mel filters on the Slaney scale (linear below 1 kHz, logarithmic above) with Slaney area
 * normalisation (each triangle scaled by 2 / its width in Hz), spanning 0 Hz to the Nyquist frequency: the filter
 * bank that {@code librosa.filters.mel(sr, n_fft, n_mels)} builds and that Whisper ships as
 * {@code mel_filters.npz}. Stored sparsely: each filter keeps only its non-zero FFT bins.
 */
final class MelFilterBank {

    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    private final int[] firstBin;
    private final double[][] weights;

    MelFilterBank(int sampleRate, int fftSize, int melCount) {
        int bins = fftSize / 2 + 1;
        double nyquist = sampleRate / 2.0;
        double melMax = hzToMel(nyquist);
        double[] hz = new double[melCount + 2];
        for (int i = 0; i < hz.length; i++) {
            hz[i] = melToHz(melMax * i / (melCount + 1));
        }
        firstBin = new int[melCount];
        weights = new double[melCount][];
        double[] row = new double[bins];
        for (int m = 0; m < melCount; m++) {
            double lowWidth = hz[m + 1] - hz[m];
            double highWidth = hz[m + 2] - hz[m + 1];
            double norm = 2.0 / (hz[m + 2] - hz[m]);
            int first = -1;
            int last = -1;
            for (int k = 0; k < bins; k++) {
                double f = nyquist * k / (bins - 1);
                double rising = (f - hz[m]) / lowWidth;
                double falling = (hz[m + 2] - f) / highWidth;
                double w = Math.max(0.0, Math.min(rising, falling)) * norm;
                row[k] = w;
                if (w > 0) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                first = 0;
                last = -1;
            }
            firstBin[m] = first;
            weights[m] = java.util.Arrays.copyOfRange(row, first, last + 1);
        }
    }

    int melCount() {
        return weights.length;
    }

    /** The weight of FFT bin {@code bin} in filter {@code mel} (0 outside the triangle). */
    double weight(int mel, int bin) {
        int i = bin - firstBin[mel];
        return i >= 0 && i < weights[mel].length ? weights[mel][i] : 0.0;
    }

    /** Filter {@code mel} applied to a power spectrum. */
    double apply(int mel, double[] power) {
        double[] w = weights[mel];
        int first = firstBin[mel];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += w[i] * power[first + i];
        }
        return sum;
    }

    static double hzToMel(double hz) {
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
    }

    static double melToHz(double mel) {
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
    }
}
