package dev.videochat.musetalk.audio;

import java.util.Arrays;
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
    /** The value of a frame of zeros, {@code log10(1e-10)}. */
    static final double SILENT_LOG = Math.log10(LOG_FLOOR);

    private final RealFft fft = new RealFft(FFT_SIZE);
    private final MelFilterBank filters = new MelFilterBank(SAMPLE_RATE, FFT_SIZE, MEL_BANDS);
    private final double[] hann = new double[FFT_SIZE];
    private final double[] frame = new double[FFT_SIZE];
    private final double[] power = new double[FFT_SIZE / 2 + 1];
    private final double[] logMel = new double[OUTPUT_SIZE];
    private final double[] bands = new double[MEL_BANDS];

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
        for (int t = 0; t < FRAMES; t++) {
            column(samples, offset, length, WINDOW_SAMPLES, t * HOP - FFT_SIZE / 2, bands);
            for (int m = 0; m < MEL_BANDS; m++) {
                logMel[m * FRAMES + t] = bands[m];
                max = Math.max(max, bands[m]);
            }
        }
        double floor = floor(max);
        for (int i = 0; i < OUTPUT_SIZE; i++) {
            out[i] = normalise(logMel[i], floor);
        }
    }

    /**
     * Computes {@code log10(max(mel, 1e-10))} of one frame of 400 samples (before the floor and the scaling).
     *
     * <p>The frame starts at {@code start} (may be negative) in a signal of {@code length} samples at
     * {@code samples[offset]}, zero-padded to {@code paddedLength} samples and reflected at both ends of that
     * padded length, as Whisper's centred STFT does. The same code serves whole windows and
     * {@link StreamingLogMel}, so both give identical values.
     *
     * @param bands receives {@link #MEL_BANDS} values
     */
    void column(float[] samples, int offset, int length, int paddedLength, int start, double[] bands) {
        boolean silent = true;
        for (int n = 0; n < FFT_SIZE; n++) {
            int s = reflect(start + n, paddedLength);
            double v = s < length ? samples[offset + s] : 0.0;
            if (v != 0.0) {
                silent = false;
            }
            frame[n] = v * hann[n];
        }
        if (silent) {
            Arrays.fill(bands, 0, MEL_BANDS, SILENT_LOG);
            return;
        }
        fft.powerSpectrum(frame, power);
        for (int m = 0; m < MEL_BANDS; m++) {
            bands[m] = Math.log10(Math.max(filters.apply(m, power), LOG_FLOOR));
        }
    }

    /** The floor {@code max - 8} below which a window's values are raised, from the window's largest value. */
    static double floor(double max) {
        return max - DYNAMIC_RANGE;
    }

    /** The published scaling of one value: {@code (max(value, floor) + 4) / 4} as float32. */
    static float normalise(double value, double floor) {
        return (float) ((Math.max(value, floor) + 4.0) / 4.0);
    }

    /** Maps an index of the padded signal into it, reflecting at both ends without repeating the edge. */
    private static int reflect(int i, int paddedLength) {
        if (i < 0) {
            return -i;
        }
        if (i >= paddedLength) {
            return 2 * (paddedLength - 1) - i;
        }
        return i;
    }
}
