package dev.videochat.tts.testing;

import dev.videochat.api.audio.AudioChunk;

import java.util.List;

/** Small audio operations for tests. */
public final class Audio {

    private Audio() {
    }

    /** Joins chunks of one sample rate into one. */
    public static AudioChunk concat(List<AudioChunk> chunks, int sampleRate) {
        int total = chunks.stream().mapToInt(AudioChunk::sampleCount).sum();
        short[] all = new short[total];
        int at = 0;
        for (AudioChunk c : chunks) {
            c.copyTo(all, at);
            at += c.sampleCount();
        }
        return new AudioChunk(all, sampleRate);
    }

    /** {@code audio} followed by {@code samples} zeros. */
    public static AudioChunk withSilence(AudioChunk audio, int samples) {
        short[] all = new short[audio.sampleCount() + samples];
        audio.copyTo(all, 0);
        return new AudioChunk(all, audio.sampleRate());
    }

    /** Linear-interpolation resampling, good enough for a VAD (not for listening). */
    public static AudioChunk resample(AudioChunk audio, int targetRate) {
        if (audio.sampleRate() == targetRate) {
            return audio;
        }
        int n = audio.sampleCount();
        int m = (int) ((long) n * targetRate / audio.sampleRate());
        short[] out = new short[m];
        double step = audio.sampleRate() / (double) targetRate;
        for (int i = 0; i < m; i++) {
            double pos = i * step;
            int k = (int) pos;
            double frac = pos - k;
            int a = audio.sample(Math.min(k, n - 1));
            int b = audio.sample(Math.min(k + 1, n - 1));
            out[i] = (short) Math.round(a + (b - a) * frac);
        }
        return new AudioChunk(out, targetRate);
    }
}
