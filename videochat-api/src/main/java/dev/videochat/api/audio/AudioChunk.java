package dev.videochat.api.audio;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Arrays;

/**
 * Mono 16-bit PCM audio: a chunk of a synthesized sentence, a piece of microphone input, or a whole clip.
 * Immutable: the samples are copied in and {@link #samples()} returns a copy; use {@link #sample(int)} or
 * {@link #copyTo(short[], int)} to read without allocating.
 *
 * @param samples    signed 16-bit samples, one channel
 * @param sampleRate samples per second (Hz), 8,000 to 192,000
 */
public record AudioChunk(short[] samples, int sampleRate) {

    /** The lowest sample rate accepted, in Hz. */
    public static final int MIN_SAMPLE_RATE = 8_000;
    /** The highest sample rate accepted, in Hz. */
    public static final int MAX_SAMPLE_RATE = 192_000;

    public AudioChunk {
        if (samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        checkRate(sampleRate);
        samples = samples.clone();
    }

    /** A chunk of {@code count} zero samples. */
    public static AudioChunk silence(int count, int sampleRate) {
        if (count < 0) {
            throw new IllegalArgumentException("silence length must be >= 0 samples, got " + count);
        }
        return new AudioChunk(new short[count], sampleRate);
    }

    /**
     * Converts floats in [-1, 1] (clipped outside it) to a chunk.
     */
    public static AudioChunk fromFloats(float[] samples, int sampleRate) {
        short[] pcm = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            float v = Math.max(-1f, Math.min(1f, samples[i]));
            pcm[i] = (short) Math.round(v * Short.MAX_VALUE);
        }
        return new AudioChunk(pcm, sampleRate);
    }

    /** Checks that a sample rate is within the accepted range. */
    public static void checkRate(int sampleRate) {
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw new IllegalArgumentException("sample rate must be " + MIN_SAMPLE_RATE + ".." + MAX_SAMPLE_RATE
                    + " Hz, got " + sampleRate);
        }
    }

    /** A copy of the samples. */
    @Override
    public short[] samples() {
        return samples.clone();
    }

    /** The number of samples. */
    public int sampleCount() {
        return samples.length;
    }

    /** Whether the chunk holds no samples. */
    public boolean isEmpty() {
        return samples.length == 0;
    }

    /** The sample at {@code index}. */
    public short sample(int index) {
        return samples[index];
    }

    /** Copies all samples into {@code target} starting at {@code offset}. */
    public void copyTo(short[] target, int offset) {
        System.arraycopy(samples, 0, target, offset, samples.length);
    }

    /** The samples as floats in [-1, 1). */
    public float[] toFloats() {
        float[] out = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = samples[i] / 32768f;
        }
        return out;
    }

    /** How long the chunk plays. */
    public Duration duration() {
        return Duration.ofNanos(Math.round(samples.length * 1e9 / sampleRate));
    }

    /** The samples from {@code from} (inclusive) to {@code to} (exclusive) as a new chunk. */
    public AudioChunk slice(int from, int to) {
        return new AudioChunk(Arrays.copyOfRange(samples, from, to), sampleRate);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof AudioChunk other && other.sampleRate == sampleRate && Arrays.equals(other.samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(samples) + sampleRate;
    }

    @Override
    public String toString() {
        return "AudioChunk[" + samples.length + " samples @ " + sampleRate + " Hz]";
    }
}
