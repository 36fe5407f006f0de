package dev.videochat.core.vad;

/**
 * The last few samples of a stream (a ring of fixed capacity): the pre-roll that is put in front of an utterance
 * when speech is detected. Not thread-safe.
 */
final class RecentSamples {

    private final short[] ring;
    /** Where the next sample goes. */
    private int next;
    private int size;

    /** @param capacity how many of the latest samples are kept (0 keeps none) */
    RecentSamples(int capacity) {
        this.ring = new short[capacity];
    }

    /** How many of the latest samples are kept at most. */
    int capacity() {
        return ring.length;
    }

    /** How many samples are held, at most the capacity. */
    int size() {
        return size;
    }

    void clear() {
        next = 0;
        size = 0;
    }

    /** Adds {@code count} samples of {@code src} from {@code from}, forgetting the oldest beyond the capacity. */
    void add(short[] src, int from, int count) {
        int capacity = ring.length;
        if (capacity == 0) {
            return;
        }
        int skip = Math.max(0, count - capacity);
        for (int i = from + skip; i < from + count; i++) {
            ring[next] = src[i];
            next = next + 1 == capacity ? 0 : next + 1;
        }
        size = Math.min(capacity, size + count - skip);
    }

    /** Appends every held sample, oldest first, to {@code target}. */
    void copyTo(PcmBuffer target) {
        int start = next - size;
        if (start < 0) {
            start += ring.length;
            target.append(ring, start, ring.length - start);
            target.append(ring, 0, next);
        } else {
            target.append(ring, start, size);
        }
    }
}
