package dev.videochat.sprite.lipsync;

import dev.videochat.api.audio.AudioChunk;

/**
 * The most recent samples of an utterance, addressed by their absolute position from its first sample. Samples
 * before the utterance or not yet written read as silence.
 */
final class SampleRing {

    private final float[] samples;
    private final int mask;
    private long written;

    /** @param capacity at least this many samples are kept (rounded up to a power of two) */
    SampleRing(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        samples = new float[size];
        mask = size - 1;
    }

    int capacity() {
        return samples.length;
    }

    long written() {
        return written;
    }

    void append(AudioChunk audio, int from, int count) {
        for (int i = 0; i < count; i++) {
            samples[(int) (written++ & mask)] = audio.sample(from + i) / 32768f;
        }
    }

    /** Copies positions {@code [start, start + length)} into {@code target}, silence where nothing is kept. */
    void read(long start, int length, float[] target) {
        long oldest = Math.max(0, written - samples.length);
        for (int i = 0; i < length; i++) {
            long p = start + i;
            target[i] = p >= oldest && p < written ? samples[(int) (p & mask)] : 0f;
        }
    }

    void clear() {
        written = 0;
    }
}
