package dev.videochat.core.thg;

/**
 * The rule that keeps video aligned to audio: after {@code n} samples of speech at rate {@code r}, exactly
 * {@code round(n * fps / r)} frames of speech have been rendered. Counting from the start of the stream (not per
 * chunk or per utterance) carries the rounding remainder forward, so it never piles up across packets and turns.
 *
 * <p>If the sample rate changes, counting restarts from the frames already owed (losing at most half a frame,
 * once). Not thread-safe; one per animator.
 */
public final class FrameClock {

    private final int fps;
    private long samples;
    private int sampleRate;
    private long baseFrames;
    private long frames;

    /** @param fps frames per second, at least 1 */
    public FrameClock(int fps) {
        if (fps < 1) {
            throw new IllegalArgumentException("fps must be >= 1, got " + fps);
        }
        this.fps = fps;
    }

    /** The frame count that {@code samples} samples at {@code sampleRate} Hz last, rounded half up. */
    public static long framesFor(long samples, int sampleRate, int fps) {
        return (samples * fps * 2 + sampleRate) / (2L * sampleRate);
    }

    /**
     * Adds {@code count} samples of audio at {@code rate} Hz and returns how many new frames they complete.
     */
    public int advance(int count, int rate) {
        if (count < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, got " + count);
        }
        if (rate != sampleRate) {
            if (rate < 1) {
                throw new IllegalArgumentException("sample rate must be >= 1 Hz, got " + rate);
            }
            baseFrames = frames;
            samples = 0;
            sampleRate = rate;
        }
        samples += count;
        long target = baseFrames + framesFor(samples, sampleRate, fps);
        int added = (int) (target - frames);
        frames = target;
        return added;
    }

    /** Frames owed since the start (or the last {@link #reset()}). */
    public long frames() {
        return frames;
    }

    /** Starts counting from zero, for a new stream. */
    public void reset() {
        samples = 0;
        frames = 0;
        baseFrames = 0;
        sampleRate = 0;
    }
}
