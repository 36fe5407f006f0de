package dev.videochat.musetalk.audio;

import dev.videochat.musetalk.MuseTalkVersion;

/**
 * The audio one Whisper encoder run covers while an utterance streams, for one batch of video frames, and where the
 * batch's feature rows lie in it.
 *
 * <p>The window ends {@code lookahead} samples after the last feature row the batch's prompts use (or at the end of
 * the audio, if sooner) and reaches back as far as Whisper's 30 s allows, so every prompt row has as much context as
 * the encoder can take. It starts on a feature row (a multiple of 320 samples), so its rows are the utterance's rows
 * shifted by {@link #startRow()}.
 *
 * <p>The rows copied out of the encoder's states are {@code [firstRow, firstRow + rowCount)} of the utterance. They are
 * addressed as MuseTalk addresses whole-clip features ({@link AudioPrompts#copyPrompt}), with every frame index moved
 * back by {@link #frameShift()} frames: the prompt of utterance frame {@code f} is the prompt of frame
 * {@code f - frameShift} over the copied rows. {@code rowCount} stops at the end of the window's audio, so rows past
 * the end of an utterance are outside the clip, exactly as for whole-clip features.
 *
 * @param startSample first sample of the window (utterance samples at 16 kHz)
 * @param endSample   end of the window (exclusive); at most 480,000 samples after the start
 * @param firstRow    the utterance feature row copied first (0 or more)
 * @param rowCount    feature rows copied (0 or more)
 * @param frameShift  video frames to subtract from an utterance frame index to address the copied rows
 */
public record FeatureWindow(long startSample, long endSample, int firstRow, int rowCount, int frameShift) {

    /** Samples of 16 kHz audio per feature row (20 ms). */
    public static final int SAMPLES_PER_ROW = WhisperLogMel.SAMPLE_RATE / AudioPrompts.ROWS_PER_SECOND;

    /** The window's first feature row in utterance rows. */
    public int startRow() {
        return (int) (startSample / SAMPLES_PER_ROW);
    }

    /** Where {@link #firstRow()} lies among the encoder's output rows for this window. */
    public int windowRow() {
        return firstRow - startRow();
    }

    /**
     * Utterance samples at 16 kHz that the prompt of video frame {@code frame} covers: up to the end of its last
     * feature row (0.12 s for frame 0 at 25 fps).
     */
    public static long samplesCovered(MuseTalkVersion version, int fps, int frame) {
        return (long) Math.max(0, AudioPrompts.firstRow(version, frame, fps) + AudioPrompts.WINDOW_ROWS)
                * SAMPLES_PER_ROW;
    }

    /**
     * The window for video frames {@code [firstFrame, firstFrame + frameCount)} of an utterance.
     *
     * @param available       utterance samples received so far (16 kHz)
     * @param lookaheadSamples samples the window reaches past the batch's last feature row, when available
     * @throws IllegalArgumentException when the batch's rows do not fit in one 30 s window
     */
    public static FeatureWindow forFrames(MuseTalkVersion version, int fps, int firstFrame, int frameCount,
                                          long available, int lookaheadSamples) {
        if (firstFrame < 0 || frameCount < 1) {
            throw new IllegalArgumentException("frames must start at >= 0 and number >= 1, got " + firstFrame
                    + " and " + frameCount);
        }
        if (available < 0 || lookaheadSamples < 0) {
            throw new IllegalArgumentException("available and lookahead samples must be >= 0, got " + available
                    + " and " + lookaheadSamples);
        }
        int lastFrame = firstFrame + frameCount - 1;
        long end = Math.min(available, samplesCovered(version, fps, lastFrame) + lookaheadSamples);
        long start = Math.max(0, end - WhisperLogMel.WINDOW_SAMPLES);
        start = (start + SAMPLES_PER_ROW - 1) / SAMPLES_PER_ROW * SAMPLES_PER_ROW;
        int startRow = (int) (start / SAMPLES_PER_ROW);
        int lowestRow = Math.max(0, AudioPrompts.firstRow(version, firstFrame, fps));
        int neededEnd = AudioPrompts.firstRow(version, lastFrame, fps) + AudioPrompts.WINDOW_ROWS;
        int validEnd = AudioPrompts.featureRows(end);
        // Frames advance by `rowsPerStep` rows every `framesPerStep` frames exactly (2 rows a frame at 25 fps).
        int gcd = gcd(AudioPrompts.ROWS_PER_SECOND, fps);
        int rowsPerStep = AudioPrompts.ROWS_PER_SECOND / gcd;
        int framesPerStep = fps / gcd;
        for (int steps = lowestRow / rowsPerStep; steps >= 0; steps--) {
            int firstRow = steps * rowsPerStep;
            int shift = steps * framesPerStep;
            if (firstRow < startRow) {
                break;
            }
            if (shiftIsExact(version, fps, firstFrame, lastFrame, shift, firstRow)) {
                int rowCount = Math.max(0, Math.min(validEnd, neededEnd) - firstRow);
                return new FeatureWindow(start, end, firstRow, rowCount, shift);
            }
        }
        throw new IllegalArgumentException("the feature rows of frames " + firstFrame + ".." + lastFrame + " at "
                + fps + " fps with a lookahead of " + lookaheadSamples + " samples do not fit in one 30 s window "
                + "starting at sample " + start + "; use a smaller batch or lookahead");
    }

    /** Whether every frame's first row, addressed with the shift, is its true first row (no rounding slips). */
    private static boolean shiftIsExact(MuseTalkVersion version, int fps, int firstFrame, int lastFrame, int shift,
                                        int firstRow) {
        for (int f = firstFrame; f <= lastFrame; f++) {
            if (f - shift < 0 || AudioPrompts.firstRow(version, f - shift, fps)
                    != AudioPrompts.firstRow(version, f, fps) - firstRow) {
                return false;
            }
        }
        return true;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
