package dev.videochat.core.vad;

import dev.videochat.api.audio.AudioChunk;

import java.util.Arrays;

/**
 * A growable run of 16-bit samples, reused from utterance to utterance so that steady-state end-pointing allocates
 * nothing per frame. Not thread-safe.
 */
final class PcmBuffer {

    private short[] data;
    private int length;

    /** @param initialCapacity samples to hold before the first growth */
    PcmBuffer(int initialCapacity) {
        this.data = new short[Math.max(16, initialCapacity)];
    }

    /** The number of samples held. */
    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** Appends {@code count} samples of {@code src} from {@code from}. */
    void append(short[] src, int from, int count) {
        ensureCapacity(length + count);
        System.arraycopy(src, from, data, length, count);
        length += count;
    }

    /** The samples {@code [from, to)} as a chunk at {@code sampleRate} Hz. */
    AudioChunk toChunk(int from, int to, int sampleRate) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + length + " samples");
        }
        return new AudioChunk(Arrays.copyOfRange(data, from, to), sampleRate);
    }

    /** Appends the samples {@code [from, to)} of this buffer to {@code target}. */
    void copyTo(int from, int to, RecentSamples target) {
        target.add(data, from, to - from);
    }

    private void ensureCapacity(int needed) {
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
    }
}
