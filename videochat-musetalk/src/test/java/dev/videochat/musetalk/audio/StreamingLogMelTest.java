package dev.videochat.musetalk.audio;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingLogMelTest {

    private static final int RATE = WhisperLogMel.SAMPLE_RATE;

    /**
     * Quiet speech-like tones, then exact silence, then loud ones: the floor of a window depends on which parts it
     * holds, and the silent stretch exercises the all-zero columns.
     */
    static float[] quietSilentLoud(int samples) {
        float[] x = new float[samples];
        Random noise = new Random(7);
        for (int i = 0; i < samples; i++) {
            double t = i / (double) RATE;
            double level = t < 3 ? 0.002 : t < 4 ? 0 : 0.4;
            x[i] = (float) (level * (Math.sin(2 * Math.PI * (180 + 90 * Math.sin(2.3 * t)) * t)
                    + 0.3 * noise.nextGaussian()));
        }
        return x;
    }

    @Test
    void everyWindowEqualsTheWholeWindowRecipeOverTheSameSamples() {
        float[] signal = quietSilentLoud(34 * RATE);
        long[][] windows = {
                {0, 0}, {0, 150}, {0, 1234}, {0, 3 * RATE + 77}, {0, 5 * RATE},
                {160, 5 * RATE + 1}, {3200, 8 * RATE}, {RATE + 320, 31 * RATE + 320},
                {2 * RATE, 32 * RATE}, // exactly 30 s: the last column reflects into the audio
                {2 * RATE + 640, 32 * RATE + 100}, {4 * RATE, 34 * RATE}, {34 * RATE - 320, 34 * RATE},
        };
        StreamingLogMel stream = new StreamingLogMel();
        WhisperLogMel direct = new WhisperLogMel();
        float[] expected = new float[WhisperLogMel.OUTPUT_SIZE];
        float[] actual = new float[WhisperLogMel.OUTPUT_SIZE];
        int appended = 0;
        int chunk = 1;
        for (long[] w : windows) {
            // The audio arrives in uneven chunks, only as far as each window needs.
            while (appended < w[1]) {
                int n = (int) Math.min(Math.min(chunk, w[1] - appended), signal.length - appended);
                stream.append(signal, appended, n);
                appended += n;
                chunk = chunk * 3 % 7919 + 1;
            }
            direct.compute(signal, (int) w[0], (int) (w[1] - w[0]), expected);
            stream.window(w[0], w[1], actual);
            assertArrayEquals(expected, actual, "window [" + w[0] + ", " + w[1] + ")");
        }
    }

    @Test
    void sixteenBitSamplesAreScaledAsTheRestOfTheModuleScalesThem() {
        short[] pcm = new short[RATE];
        float[] scaled = new float[RATE];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (9000 * Math.sin(i * 0.05));
            scaled[i] = pcm[i] / 32768f;
        }
        StreamingLogMel stream = new StreamingLogMel();
        stream.append(pcm, pcm.length);
        float[] expected = new float[WhisperLogMel.OUTPUT_SIZE];
        float[] actual = new float[WhisperLogMel.OUTPUT_SIZE];
        new WhisperLogMel().compute(scaled, 0, RATE, expected);
        stream.window(0, RATE, actual);
        assertArrayEquals(expected, actual);
    }

    @Test
    void slidingWindowsComputeEachColumnOnce() {
        float[] signal = quietSilentLoud(40 * RATE);
        StreamingLogMel stream = new StreamingLogMel();
        float[] out = new float[WhisperLogMel.OUTPUT_SIZE];
        int windows = 0;
        for (int end = 640; end <= signal.length; end += 640) {
            stream.append(signal, end - 640, 640);
            long start = Math.max(0, end - WhisperLogMel.WINDOW_SAMPLES);
            stream.window(start, end, out);
            windows++;
        }
        assertEquals(1000, windows);
        // One column per hop of audio (4,000 in 40 s), not one per hop per window.
        assertTrue(stream.columnsComputed() <= signal.length / WhisperLogMel.HOP,
                "columns computed: " + stream.columnsComputed());
        assertTrue(stream.columnsComputed() >= signal.length / WhisperLogMel.HOP - 3,
                "columns computed: " + stream.columnsComputed());
    }

    @Test
    void windowsOnlyMoveForwardOnHopsWithinWhatArrived() {
        StreamingLogMel stream = new StreamingLogMel();
        stream.append(new float[10 * RATE], 0, 10 * RATE);
        float[] out = new float[WhisperLogMel.OUTPUT_SIZE];
        stream.window(3200, 5 * RATE, out);
        assertThrows(IllegalArgumentException.class, () -> stream.window(1600, 5 * RATE, out));
        assertThrows(IllegalArgumentException.class, () -> stream.window(3200 + 80, 5 * RATE, out));
        assertThrows(IllegalArgumentException.class, () -> stream.window(3200, 10 * RATE + 1, out));
        assertThrows(IllegalArgumentException.class, () -> stream.window(3200, 3100, out));
    }

    @Test
    void resetStartsANewStream() {
        float[] signal = quietSilentLoud(2 * RATE);
        StreamingLogMel stream = new StreamingLogMel();
        float[] first = new float[WhisperLogMel.OUTPUT_SIZE];
        float[] again = new float[WhisperLogMel.OUTPUT_SIZE];
        stream.append(quietSilentLoud(5 * RATE), 0, 5 * RATE);
        stream.window(RATE, 5 * RATE, first);
        stream.reset();
        assertEquals(0, stream.length());
        stream.append(signal, 0, signal.length);
        stream.window(0, signal.length, again);
        new WhisperLogMel().compute(signal, 0, signal.length, first);
        assertArrayEquals(first, again);
    }
}
