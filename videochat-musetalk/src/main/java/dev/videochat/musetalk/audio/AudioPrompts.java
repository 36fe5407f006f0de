package dev.videochat.musetalk.audio;

import dev.videochat.musetalk.MuseTalkVersion;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Cuts Whisper encoder states into MuseTalk's per-video-frame audio prompts.
 *
 * <p>The encoder yields 50 feature rows per second of audio (one per 20 ms), each holding 5 hidden states of
 * 384 floats, stored {@code [rows, 5, 384]}. The prompt of video frame {@code i} is 10 consecutive rows starting
 * at {@code floor(i * m) - 2 * ceil(m)} with {@code m = 50 / fps} (rows {@code 2i - 4 .. 2i + 5} at 25 fps),
 * laid out time-major ({@code token = row * 5 + layer}), i.e. {@code [50, 384]}. Rows outside the clip are zeros in
 * MuseTalk 1.5 and clamp to the first or last row in MuseTalk 1.0.
 */
public final class AudioPrompts {

    /** Feature rows per second of audio. */
    public static final int ROWS_PER_SECOND = 50;
    /** Hidden states per feature row. */
    public static final int LAYERS = 5;
    /** Floats per hidden state. */
    public static final int WIDTH = 384;
    /** Floats per feature row ({@code 5 * 384}). */
    public static final int ROW_SIZE = LAYERS * WIDTH;
    /** Feature rows in one prompt. */
    public static final int WINDOW_ROWS = 10;
    /** Floats in one prompt ({@code [50, 384]}). */
    public static final int PROMPT_SIZE = WINDOW_ROWS * ROW_SIZE;

    private static final float[] ZERO_ROW = new float[ROW_SIZE];
    private static final int SAMPLE_RATE = WhisperLogMel.SAMPLE_RATE;

    private AudioPrompts() {
    }

    /** Feature rows that describe {@code sampleCount} samples at 16 kHz: {@code floor(samples * 50 / 16000)}. */
    public static int featureRows(long sampleCount) {
        requireNonNegative(sampleCount);
        return Math.toIntExact(sampleCount * ROWS_PER_SECOND / SAMPLE_RATE);
    }

    /**
     * Video frames that MuseTalk 1.5 generates for {@code sampleCount} samples at 16 kHz:
     * {@code floor(samples / 16000 * fps)}.
     */
    public static int videoFrames(long sampleCount, double fps) {
        requireNonNegative(sampleCount);
        requireFps(fps);
        return (int) Math.floor(sampleCount / (double) SAMPLE_RATE * fps);
    }

    /** The first feature row (possibly negative) of the prompt of video frame {@code frame}. */
    public static int firstRow(MuseTalkVersion version, int frame, double fps) {
        requireFps(fps);
        double rowsPerFrame = ROWS_PER_SECOND / fps;
        if (version == MuseTalkVersion.V1_0) {
            return (int) (frame * rowsPerFrame) - 4;
        }
        return (int) Math.floor(frame * rowsPerFrame) - 2 * (int) Math.ceil(rowsPerFrame);
    }

    /**
     * Writes the prompt of video frame {@code frame} into {@code out} at {@code offset} ({@link #PROMPT_SIZE} floats).
     * Allocates nothing.
     *
     * @param states [rows, 5, 384] encoder states of the whole clip
     * @param rows   valid feature rows in {@code states}
     * @param fps    video frames per second (25 for MuseTalk)
     */
    public static void copyPrompt(MuseTalkVersion version, float[] states, int rows, int frame, double fps,
                                  FloatBuffer out, int offset) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(out, "out");
        if (rows < 0 || (long) rows * ROW_SIZE > states.length) {
            throw new IllegalArgumentException("rows must be 0.." + states.length / ROW_SIZE + ", got " + rows);
        }
        if (frame < 0) {
            throw new IllegalArgumentException("frame must be >= 0, got " + frame);
        }
        Objects.checkFromIndexSize(offset, PROMPT_SIZE, out.limit());
        int first = firstRow(version, frame, fps);
        for (int t = 0; t < WINDOW_ROWS; t++) {
            int row = first + t;
            int target = offset + t * ROW_SIZE;
            if (version == MuseTalkVersion.V1_0 && rows > 0) {
                row = Math.max(0, Math.min(rows - 1, row));
            }
            if (row >= 0 && row < rows) {
                out.put(target, states, row * ROW_SIZE, ROW_SIZE);
            } else {
                out.put(target, ZERO_ROW, 0, ROW_SIZE);
            }
        }
    }

    private static void requireNonNegative(long sampleCount) {
        if (sampleCount < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, got " + sampleCount);
        }
    }

    private static void requireFps(double fps) {
        if (!(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("fps must be in (0, 1000], got " + fps);
        }
    }
}
