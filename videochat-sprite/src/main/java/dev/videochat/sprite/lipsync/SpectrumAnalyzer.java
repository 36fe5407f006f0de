package dev.videochat.sprite.lipsync;

/**
 * Measures one video frame's worth of audio: its loudness and the rough shape of its spectrum. Reused frame
 * after frame; allocates nothing per call.
 *
 * <p>The spectrum is taken after pre-emphasis (a first difference, as in formant analysis), which cancels most
 * of the voice's natural high-frequency roll-off so that the second formant of front vowels stays visible.
 */
final class SpectrumAnalyzer {

    /** Voice band (Hz) over which the centroid and the vowel shares are measured. */
    static final double VOICE_LOW_HZ = 250;
    static final double VOICE_HIGH_HZ = 3500;
    /** Upper band (Hz) where a high second formant (front vowels) shows. */
    static final double SECOND_FORMANT_HZ = 1700;
    /** Highest frequency considered (Hz); fricative hiss lies between {@link #VOICE_HIGH_HZ} and this. */
    static final double HISS_HIGH_HZ = 8000;
    private static final float PRE_EMPHASIS = 0.9f;
    private static final int MAX_FFT = 2048;
    private static final int MIN_FFT = 64;

    private final Fft fft;
    private final float[] hann;
    private final double[] re;
    private final double[] im;
    private final int voiceFrom;
    private final int voiceTo;
    private final int formantFrom;
    private final int hissTo;
    private final double hzPerBin;

    /** Loudness of the last window, dB relative to full scale (RMS). */
    double levelDb;
    /** Power-weighted mean frequency in the voice band, Hz. */
    double centroidHz;
    /** Share of voice-band power above {@link #SECOND_FORMANT_HZ}, 0..1. */
    double highShare;
    /** Share of power (from {@link #VOICE_LOW_HZ} up) that is hiss above {@link #VOICE_HIGH_HZ}, 0..1. */
    double hissShare;

    /**
     * @param sampleRate    Hz
     * @param shortestWindow the fewest samples a window will have
     */
    SpectrumAnalyzer(int sampleRate, int shortestWindow) {
        int n = Integer.highestOneBit(Math.max(MIN_FFT, Math.min(MAX_FFT, shortestWindow)));
        fft = new Fft(n);
        hann = new float[n];
        for (int i = 0; i < n; i++) {
            hann[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
        }
        re = new double[n];
        im = new double[n];
        hzPerBin = (double) sampleRate / n;
        int nyquistBin = n / 2;
        voiceFrom = Math.max(1, bin(VOICE_LOW_HZ));
        voiceTo = Math.min(nyquistBin, bin(VOICE_HIGH_HZ));
        formantFrom = Math.min(voiceTo, bin(SECOND_FORMANT_HZ));
        hissTo = Math.min(nyquistBin, bin(HISS_HIGH_HZ));
    }

    private int bin(double hz) {
        return (int) Math.round(hz / hzPerBin);
    }

    /** Analyses {@code window[0..length)}: samples in [-1, 1]. */
    void analyze(float[] window, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (double) window[i] * window[i];
        }
        double rms = length == 0 ? 0 : Math.sqrt(sum / length);
        levelDb = 20 * Math.log10(Math.max(rms, 1e-9));

        int n = fft.size();
        int offset = Math.max(0, (length - n) / 2);
        float previous = offset > 0 ? window[offset - 1] : 0f;
        for (int i = 0; i < n; i++) {
            float x = offset + i < length ? window[offset + i] : 0f;
            re[i] = (x - PRE_EMPHASIS * previous) * hann[i];
            im[i] = 0;
            previous = x;
        }
        fft.transform(re, im);

        double voice = 0;
        double weighted = 0;
        double high = 0;
        double hiss = 0;
        for (int k = voiceFrom; k < hissTo; k++) {
            double p = re[k] * re[k] + im[k] * im[k];
            if (k < voiceTo) {
                voice += p;
                weighted += p * k * hzPerBin;
                if (k >= formantFrom) {
                    high += p;
                }
            } else {
                hiss += p;
            }
        }
        centroidHz = voice > 0 ? weighted / voice : 0;
        highShare = voice > 0 ? high / voice : 0;
        hissShare = voice + hiss > 0 ? hiss / (voice + hiss) : 0;
    }
}
