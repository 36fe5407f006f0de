package dev.videochat.musetalk.audio;

import java.util.Objects;

/**
 * Whisper's log-mel spectrogram for one 30 s window, the input ({@code input_features} [1, 80, 3000]) of the
 * Whisper-tiny encoder that MuseTalk uses for audio features.
 *
 * <p>Exactly the published recipe: the 16 kHz waveform is zero-padded to 480,000 samples, reflect-padded by 200
 * samples on both sides, cut into 3,000 frames with a periodic Hann window of 400 samples and a hop of 160
 * samples (the 3,001st frame is dropped), turned into power spectra |X|², filtered by 80 Slaney mel filters
 * (0 to 8 kHz), then {@code L = log10(max(mel, 1e-10))}, {@code L = max(L, max(L) - 8)} over the whole window, and
 * finally {@code (L + 4) / 4}.
 *
 * <p>Arithmetic is in double precision; the result is float32. An instance keeps scratch buffers, so it is not
 * thread-safe: use one per thread.
 */
public final class WhisperLogMel {

    /** Sample rate of the input, in Hz. */
    public static final int SAMPLE_RATE = 16_000;
    /** Samples in one window (30 s at 16 kHz). */
    public static final int WINDOW_SAMPLES = 480_000;
    /** FFT size and Hann window length, in samples. */
    public static final int FFT_SIZE = 400;
    /** Distance between frames, in samples (10 ms). */
    public static final int HOP = 160;
    /** Mel bands. */
    public static final int MEL_BANDS = 80;
    /** Frames in one window. */
    public static final int FRAMES = WINDOW_SAMPLES / HOP;
    /** Floats in one window's output ([80, 3000], band-major). */
    public static final int OUTPUT_SIZE = MEL_BANDS * FRAMES;

    private static final double LOG_FLOOR = 1e-10;
    private static final double DYNAMIC_RANGE = 8.0;

    private final RealFft fft = new RealFft(FFT_SIZE);
    private final MelFilterBank filters = new MelFilterBank(SAMPLE_RATE, FFT_SIZE, MEL_BANDS);
    private final double[] hann = new double[FFT_SIZE];
    private final double[] frame = new double[FFT_SIZE];
    private final double[] power = new double[FFT_SIZE / 2 + 1];
    private final double[] logMel = new double[OUTPUT_SIZE];

    /** Creates the window, the FFT plan and the filter bank (about 2 MB of scratch). */
    public WhisperLogMel() {
        for (int n = 0; n < FFT_SIZE; n++) {
            hann[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / FFT_SIZE);
        }
    }

    /**
     * Computes the features of one window.
     *
     * @param samples 16 kHz mono samples in [-1, 1]
     * @param offset  first sample of the window
     * @param length  samples in the window, 0 to {@link #WINDOW_SAMPLES}; the rest of the window is silence
     * @param out     receives {@link #OUTPUT_SIZE} floats, band-major ({@code out[band * 3000 + frame]})
     */
    public void compute(float[] samples, int offset, int length, float[] out) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(out, "out");
        if (length < 0 || length > WINDOW_SAMPLES) {
            throw new IllegalArgumentException("window length must be 0.." + WINDOW_SAMPLES + " samples, got " + length);
        }
        Objects.checkFromIndexSize(offset, length, samples.length);
        if (out.length < OUTPUT_SIZE) {
            throw new IllegalArgumentException("out must hold " + OUTPUT_SIZE + " floats, got " + out.length);
        }
        double max = Double.NEGATIVE_INFINITY;
        double silentLog = Math.log10(LOG_FLOOR);
        for (int t = 0; t < FRAMES; t++) {
            boolean silent = fillFrame(samples, offset, length, t);
            for (int m = 0; m < MEL_BANDS; m++) {
                double value = silentLog;
                if (!silent) {
                    value = Math.log10(Math.max(filters.apply(m, power), LOG_FLOOR));
                }
                logMel[m * FRAMES + t] = value;
                max = Math.max(max, value);
            }
        }
        double floor = max - DYNAMIC_RANGE;
        for (int i = 0; i < OUTPUT_SIZE; i++) {
            out[i] = (float) ((Math.max(logMel[i], floor) + 4.0) / 4.0);
        }
    }

    /**
     * Windows frame {@code t} of the reflect-padded signal and, unless it is all zeros, puts its power spectrum in
     * {@link #power}. Returns whether the frame was silent.
     */
    private boolean fillFrame(float[] samples, int offset, int length, int t) {
        int start = t * HOP - FFT_SIZE / 2;
        boolean silent = true;
        for (int n = 0; n < FFT_SIZE; n++) {
            int s = reflect(start + n);
            double v = s < length ? samples[offset + s] : 0.0;
            if (v != 0.0) {
                silent = false;
            }
            frame[n] = v * hann[n];
        }
        if (!silent) {
            fft.powerSpectrum(frame, power);
        }
        return silent;
    }

    /** Maps an index of the padded signal to the window, reflecting at both ends without repeating the edge. */
    private static int reflect(int i) {
        if (i < 0) {
            return -i;
        }
        if (i >= WINDOW_SAMPLES) {
            return 2 * (WINDOW_SAMPLES - 1) - i;
        }
        return i;
    }
}
