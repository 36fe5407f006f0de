package dev.videochat.core.audio;

import dev.videochat.api.audio.AudioChunk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {

    private static AudioChunk sine(double hz, int rate, int samples, double amplitude) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return new AudioChunk(s, rate);
    }

    private static double rms(short[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) s[i] * s[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    @ParameterizedTest
    @CsvSource({"16000,24000", "24000,16000", "22050,16000", "32000,48000", "44100,24000"})
    void aToneKeepsItsFrequencyAndLevelAndTheLengthScales(int in, int out) {
        AudioChunk tone = sine(440, in, in, 10_000);
        AudioChunk converted = Resampler.convert(tone, out);
        assertEquals(out, converted.sampleRate());
        assertEquals(Math.round(in * (double) out / in), converted.sampleCount());
        short[] s = converted.samples();
        // Compare with an ideal sine at the output rate, away from the edges.
        double err = 0;
        int from = out / 10;
        int to = out - out / 10;
        for (int i = from; i < to; i++) {
            double ideal = 10_000 * Math.sin(2 * Math.PI * 440 * i / out);
            err += (s[i] - ideal) * (s[i] - ideal);
        }
        double relativeError = Math.sqrt(err / (to - from)) / rms(s, from, to);
        assertTrue(relativeError < 0.01, "relative error " + relativeError);
    }

    @Test
    void feedingInPiecesGivesTheSameOutputAsFeedingTheWhole() {
        AudioChunk tone = sine(300, 16000, 16000, 8000);
        AudioChunk whole = Resampler.convert(tone, 24000);
        Resampler r = new Resampler(16000, 24000);
        short[] pieces = new short[whole.sampleCount()];
        int at = 0;
        int[] sizes = {1, 7, 160, 333, 2048, 5, 999};
        int pos = 0;
        for (int k = 0; pos < tone.sampleCount(); k++) {
            int n = Math.min(sizes[k % sizes.length], tone.sampleCount() - pos);
            AudioChunk out = r.process(tone.slice(pos, pos + n));
            out.copyTo(pieces, at);
            at += out.sampleCount();
            pos += n;
        }
        AudioChunk rest = r.flush();
        rest.copyTo(pieces, at);
        at += rest.sampleCount();
        assertEquals(whole.sampleCount(), at);
        assertArrayEquals(whole.samples(), pieces);
    }

    @Test
    void downsamplingRemovesToneAboveTheNewNyquist() {
        AudioChunk tone = sine(7000, 24000, 24000, 10_000);
        short[] s = Resampler.convert(tone, 8000).samples();
        assertTrue(rms(s, 800, 7200) < 300, "7 kHz must not alias into 8 kHz audio: rms " + rms(s, 800, 7200));
    }

    @Test
    void theWrongInputRateIsRefused() {
        Resampler r = new Resampler(16000, 24000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.process(AudioChunk.silence(10, 22050)));
        assertTrue(e.getMessage().contains("22050"), e.getMessage());
    }
}
