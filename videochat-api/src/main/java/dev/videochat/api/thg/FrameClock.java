package dev.videochat.api.thg;

/**
 * The rule that keeps video aligned to audio: after {@code n} samples of speech at rate {@code r}, exactly
 * {@code round(n * fps / r)} frames of speech have been rendered. Counting from the start of the speech (not per
 * chunk) keeps rounding from piling up across chunks and packets.
 *
 * <p>Not thread-safe; one per animator.
 */
public final class FrameClock {

    private final int fps;
    private long samples;
    private int sampleRate;
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
     * Adds {@code count} samples of audio and returns how many new frames they complete.
     *
     * @throws IllegalArgumentException when the rate differs from earlier audio since the last {@link #reset()}
     */
    public int advance(int count, int rate) {
        if (sampleRate == 0) {
            sampleRate = rate;
        } else if (rate != sampleRate) {
            throw new IllegalArgumentException("audio rate changed from " + sampleRate + " to " + rate
                    + " Hz within one utterance");
        }
        samples += count;
        long target = framesFor(samples, sampleRate, fps);
        int added = (int) (target - frames);
        frames = target;
        return added;
    }

    /** Frames owed so far. */
    public long frames() {
        return frames;
    }

    /** Samples seen so far. */
    public long samples() {
        return samples;
    }

    /** Starts counting a new utterance. */
    public void reset() {
        samples = 0;
        frames = 0;
        sampleRate = 0;
    }
}
