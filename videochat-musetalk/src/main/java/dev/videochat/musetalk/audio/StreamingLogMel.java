package dev.videochat.musetalk.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Whisper log-mel windows over audio that is still arriving, each spectrum column computed once.
 *
 * <p>{@link #window} gives exactly what {@link WhisperLogMel#compute} gives for the same samples (the same float
 * values), but the power spectrum and mel filters of a column are computed only the first time a window needs it:
 * a column that lies wholly inside the audio does not depend on the window around it. Only the two columns at a
 * window's start (which reflect the window's first samples) and the two or three that reach past its end (which
 * see the window's zero padding) are computed per window. The floor ({@code max - 8}) and the scaling are applied per
 * window, over that window's columns, as the published recipe does.
 *
 * <p>Windows may only move forward: a window forgets the audio and columns before its start, so memory stays
 * bounded by one window (30 s) plus what has arrived past it. Not thread-safe: one per utterance stream.
 */
public final class StreamingLogMel {

    private static final int HOP = WhisperLogMel.HOP;
    private static final int HALF_FRAME = WhisperLogMel.FFT_SIZE / 2;
    private static final int BANDS = WhisperLogMel.MEL_BANDS;
    private static final int FRAMES = WhisperLogMel.FRAMES;
    /** Columns (10 ms each) that may pile up before the window's start before they are dropped. */
    private static final int COMPACT_COLUMNS = 100;

    private final WhisperLogMel logMel = new WhisperLogMel();
    private final double[] scratch = new double[BANDS];
    /** A window's own columns at its edges (at most 2 at the start and 3 at the end), and their positions. */
    private final double[] edgeColumns = new double[BANDS * 8];
    private final int[] edgeIndex = new int[8];

    /** Samples from {@link #sampleBase} on. */
    private float[] samples = new float[WhisperLogMel.SAMPLE_RATE * 4];
    private long sampleBase;
    private long sampleEnd;
    /** Columns from {@link #columnBase} on, column-major ({@code [column][band]}), log10 before the floor. */
    private double[] columns = new double[BANDS * 400];
    private long columnBase;
    private long columnEnd;
    private long windowStart;
    private long columnsComputed;

    /** An empty stream. */
    public StreamingLogMel() {
    }

    /** Appends 16 bit samples at 16 kHz (scaled to [-1, 1) as {@code s / 32768}). */
    public void append(short[] pcm, int count) {
        Objects.requireNonNull(pcm, "pcm");
        Objects.checkFromIndexSize(0, count, pcm.length);
        int at = reserveSamples(count);
        for (int i = 0; i < count; i++) {
            samples[at + i] = pcm[i] / 32768f;
        }
        sampleEnd += count;
    }

    /** Appends samples at 16 kHz in [-1, 1]. */
    public void append(float[] pcm, int offset, int count) {
        Objects.requireNonNull(pcm, "pcm");
        Objects.checkFromIndexSize(offset, count, pcm.length);
        int at = reserveSamples(count);
        System.arraycopy(pcm, offset, samples, at, count);
        sampleEnd += count;
    }

    /** Samples appended since the stream began (or was {@link #reset}). */
    public long length() {
        return sampleEnd;
    }

    /**
     * Columns computed into the cache since this stream was created, across resets (the work done, for tests and
     * metrics); the few edge columns each window computes for itself are not counted.
     */
    public long columnsComputed() {
        return columnsComputed;
    }

    /** Forgets all audio and columns, for a new stream. */
    public void reset() {
        sampleBase = 0;
        sampleEnd = 0;
        columnBase = 0;
        columnEnd = 0;
        windowStart = 0;
    }

    /**
     * Writes the log-mel of samples {@code [start, end)} of the stream into {@code out}, exactly as
     * {@code new WhisperLogMel().compute(streamSamples, start, end - start, out)} would, and forgets everything
     * before {@code start}.
     *
     * @param start first sample of the window: a multiple of 160 (the hop), not before an earlier window's start
     * @param end   end of the window (exclusive), at most 30 s after {@code start} and at most {@link #length()}
     * @param out   receives {@link WhisperLogMel#OUTPUT_SIZE} floats, band-major
     */
    public void window(long start, long end, float[] out) {
        Objects.requireNonNull(out, "out");
        if (start % HOP != 0 || start < windowStart) {
            throw new IllegalArgumentException("a window must start on a multiple of " + HOP + " samples, at or after "
                    + windowStart + " (windows only move forward), got " + start);
        }
        if (end < start || end - start > WhisperLogMel.WINDOW_SAMPLES || end > sampleEnd) {
            throw new IllegalArgumentException("window [" + start + ", " + end + ") must lie within the "
                    + sampleEnd + " samples received and span at most " + WhisperLogMel.WINDOW_SAMPLES);
        }
        if (out.length < WhisperLogMel.OUTPUT_SIZE) {
            throw new IllegalArgumentException("out must hold " + WhisperLogMel.OUTPUT_SIZE + " floats, got "
                    + out.length);
        }
        forgetBefore(start);
        int length = (int) (end - start);
        long firstColumn = start / HOP;
        // Columns before `head` reach before the window (reflected), columns from `tail` on past its end (padded);
        // those from `silent` on lie wholly in the padding.
        int head = start == 0 ? 0 : 2;
        int tail = length < HALF_FRAME ? 0 : Math.min(FRAMES, (length - HALF_FRAME) / HOP + 1);
        tail = Math.max(head, tail);
        int silent = length == WhisperLogMel.WINDOW_SAMPLES ? FRAMES
                : Math.max(tail, Math.min(FRAMES, (length + HALF_FRAME + HOP - 1) / HOP));
        computeColumnsUpTo(firstColumn + tail);
        int bufferOffset = (int) (start - sampleBase);
        int edges = 0;
        for (int t = 0; t < head; t++) {
            edges = edgeColumn(t, bufferOffset, length, edges);
        }
        for (int t = tail; t < silent; t++) {
            edges = edgeColumn(t, bufferOffset, length, edges);
        }
        double max = silent < FRAMES ? WhisperLogMel.SILENT_LOG : Double.NEGATIVE_INFINITY;
        int cached = (int) (firstColumn - columnBase) * BANDS;
        for (int i = cached + head * BANDS, n = cached + tail * BANDS; i < n; i++) {
            max = Math.max(max, columns[i]);
        }
        for (int i = 0, n = edges * BANDS; i < n; i++) {
            max = Math.max(max, edgeColumns[i]);
        }
        double floor = WhisperLogMel.floor(max);
        float silentValue = WhisperLogMel.normalise(WhisperLogMel.SILENT_LOG, floor);
        for (int m = 0; m < BANDS; m++) {
            int row = m * FRAMES;
            for (int t = head; t < tail; t++) {
                out[row + t] = WhisperLogMel.normalise(columns[cached + t * BANDS + m], floor);
            }
            for (int e = 0; e < edges; e++) {
                out[row + edgeIndex[e]] = WhisperLogMel.normalise(edgeColumns[e * BANDS + m], floor);
            }
            Arrays.fill(out, row + silent, row + FRAMES, silentValue);
        }
    }

    /** Computes window column {@code t} into the next edge slot; returns the edge count. */
    private int edgeColumn(int t, int bufferOffset, int length, int edges) {
        logMel.column(samples, bufferOffset, length, WhisperLogMel.WINDOW_SAMPLES, t * HOP - HALF_FRAME, scratch);
        System.arraycopy(scratch, 0, edgeColumns, edges * BANDS, BANDS);
        edgeIndex[edges] = t;
        return edges + 1;
    }

    /** Computes every column before {@code column} that is not yet cached; each lies wholly in received audio. */
    private void computeColumnsUpTo(long column) {
        if (column <= columnEnd) {
            return;
        }
        int needed = (int) (column - columnBase) * BANDS;
        if (needed > columns.length) {
            columns = Arrays.copyOf(columns, Math.max(needed, columns.length * 2));
        }
        for (long c = columnEnd; c < column; c++) {
            // Column c covers samples [160c - 200, 160c + 200); the stream's first two columns reflect its start.
            long frameStart = c * HOP - HALF_FRAME;
            logMel.column(samples, 0, (int) (sampleEnd - sampleBase), Integer.MAX_VALUE,
                    (int) (frameStart - sampleBase), scratch);
            System.arraycopy(scratch, 0, columns, (int) (c - columnBase) * BANDS, BANDS);
            columnsComputed++;
        }
        columnEnd = column;
    }

    /**
     * Notes that windows start at or after {@code start} from now on. The columns and samples before it are dropped
     * in chunks (a copy once a second or so of them has piled up), so the copying stays linear in the audio.
     */
    private void forgetBefore(long start) {
        windowStart = start;
        long firstColumn = start / HOP;
        if (columnEnd < firstColumn) {
            columnEnd = firstColumn;
        }
        if (firstColumn - columnBase >= COMPACT_COLUMNS) {
            int drop = (int) (firstColumn - columnBase);
            System.arraycopy(columns, drop * BANDS, columns, 0, (int) (columnEnd - firstColumn) * BANDS);
            columnBase = firstColumn;
        }
        // A cached column reaches 200 samples before its hop; a window's edge columns stay inside the window.
        long keepFrom = Math.max(0, start - HALF_FRAME);
        if (keepFrom - sampleBase >= COMPACT_COLUMNS * HOP) {
            int drop = (int) (keepFrom - sampleBase);
            System.arraycopy(samples, drop, samples, 0, (int) (sampleEnd - keepFrom));
            sampleBase = keepFrom;
        }
    }

    private int reserveSamples(int count) {
        int used = (int) (sampleEnd - sampleBase);
        if (used + count > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(samples.length * 2, used + count));
        }
        return used;
    }
}
