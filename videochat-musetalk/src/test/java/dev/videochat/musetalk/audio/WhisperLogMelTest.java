package dev.videochat.musetalk.audio;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.testing.TestAssets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhisperLogMelTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void matchesTheNumpyReferenceOnSpeechClipsWithin1e4() throws IOException {
        List<LogMelReference.Clip> clips = LogMelReference.load();
        assertEquals(6, clips.size());
        WhisperLogMel logMel = new WhisperLogMel();
        float[] out = new float[WhisperLogMel.OUTPUT_SIZE];
        double worst = 0;
        long compared = 0;
        for (LogMelReference.Clip clip : clips) {
            float[] samples = read(clip.name());
            assertEquals(clip.sampleCount(), samples.length, clip.name());
            logMel.compute(samples, 0, samples.length, out);
            for (int f = 0; f < clip.frames().length; f++) {
                for (int m = 0; m < WhisperLogMel.MEL_BANDS; m++) {
                    double expected = clip.values()[f * WhisperLogMel.MEL_BANDS + m];
                    double actual = out[m * WhisperLogMel.FRAMES + clip.frames()[f]];
                    worst = Math.max(worst, Math.abs(expected - actual));
                    compared++;
                }
            }
            for (int m = 0; m < WhisperLogMel.MEL_BANDS; m++) {
                double sum = 0;
                for (int t = 0; t < WhisperLogMel.FRAMES; t++) {
                    sum += out[m * WhisperLogMel.FRAMES + t];
                }
                double meanError = Math.abs(sum - clip.binSums()[m]) / WhisperLogMel.FRAMES;
                assertTrue(meanError <= TOLERANCE, clip.name() + " bin " + m + " mean error " + meanError);
            }
        }
        System.out.printf("Whisper log-mel vs numpy: max abs error %.2e over %d values of %d clips%n", worst, compared,
                clips.size());
        assertTrue(worst <= TOLERANCE, "max abs error " + worst);
    }

    @Test
    void silenceIsTheLogFloorEverywhere() {
        float[] out = new float[WhisperLogMel.OUTPUT_SIZE];
        new WhisperLogMel().compute(new float[16_000], 0, 16_000, out);
        for (float v : out) {
            assertEquals(-1.5f, v, 0f); // (log10(1e-10) + 4) / 4
        }
    }

    @Test
    void valuesStayWithinEightDecadesOfTheLoudestBin() {
        float[] tone = new float[32_000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
        }
        float[] out = new float[WhisperLogMel.OUTPUT_SIZE];
        new WhisperLogMel().compute(tone, 0, tone.length, out);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float v : out) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertEquals(max - 2.0f, min, 1e-5f); // a range of 8 in log10, divided by 4
    }

    @Test
    void melFiltersMatchWhispersPublishedCoefficients() {
        MelFilterBank filters = new MelFilterBank(16_000, 400, 80);
        assertEquals(0.0, filters.weight(0, 0), 0.0);
        assertEquals(0.02486259, filters.weight(0, 1), 1e-8); // mel_filters.npz, filter 0, bin 1
        assertEquals(0.0, filters.weight(79, 185), 0.0);
        assertTrue(filters.weight(79, 199) > 0);
    }

    @Test
    void fftMatchesADirectDft() {
        RealFft fft = new RealFft(400);
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i * 0.37) + 0.25 * Math.cos(i * 1.91) + ((i * 7919) % 13) / 13.0;
        }
        double[] power = new double[201];
        fft.powerSpectrum(x, power);
        for (int k = 0; k <= 200; k++) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < 400; n++) {
                re += x[n] * Math.cos(2 * Math.PI * k * n / 400);
                im -= x[n] * Math.sin(2 * Math.PI * k * n / 400);
            }
            assertEquals(re, fft.re(k), 1e-9, "re " + k);
            assertEquals(im, fft.im(k), 1e-9, "im " + k);
            assertEquals(re * re + im * im, power[k], 1e-7, "power " + k);
        }
    }

    private static float[] read(String assetName) throws IOException {
        AudioChunk audio = Wav.read(TestAssets.require(assetName));
        float[] samples = new float[audio.sampleCount()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = audio.sample(i) / 32768f;
        }
        return samples;
    }
}
