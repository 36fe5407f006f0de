package dev.videochat.core.audio;

import dev.videochat.api.audio.AudioChunk;

import java.util.Arrays;

/**
 * Streaming sample-rate conversion of mono 16-bit audio with a windowed-sinc (Blackman) kernel, low-passed at
 * the lower of the two Nyquist frequencies. Chunks may be any size; state carries across them, so the output of
 * a stream fed in pieces equals the output of the whole. After {@link #flush()}, the total output length is
 * {@code round(inputSamples * outRate / inRate)}. Not thread-safe; one per stream.
 */
public final class Resampler {

    private static final int HALF_TAPS = 16;
    private static final int TABLE_STEPS = 512;

    private final int inRate;
    private final int outRate;
    private final double step;
    private final double cutoff;
    private final float[] table;
    private final int reach;
    private float[] history = new float[0];
    /** Absolute index of history[0] in the input stream. */
    private long historyStart;
    private long inputSeen;
    private long outputMade;

    /**
     * @param inRate  input rate in Hz
     * @param outRate output rate in Hz
     */
    public Resampler(int inRate, int outRate) {
        AudioChunk.checkRate(inRate);
        AudioChunk.checkRate(outRate);
        this.inRate = inRate;
        this.outRate = outRate;
        this.step = (double) inRate / outRate;
        this.cutoff = Math.min(1.0, (double) outRate / inRate);
        this.reach = (int) Math.ceil(HALF_TAPS / cutoff);
        this.table = kernelTable(reach, cutoff);
    }

    /** Whether the rates differ (otherwise audio passes through unchanged). */
    public boolean isIdentity() {
        return inRate == outRate;
    }

    /** The output rate in Hz. */
    public int outRate() {
        return outRate;
    }

    /** Converts the next chunk (which must be at the input rate); the result may be empty. */
    public AudioChunk process(AudioChunk in) {
        if (in.sampleRate() != inRate) {
            throw new IllegalArgumentException("resampler expects " + inRate + " Hz, got " + in.sampleRate() + " Hz");
        }
        if (isIdentity()) {
            inputSeen += in.sampleCount();
            outputMade += in.sampleCount();
            return in;
        }
        append(in);
        inputSeen += in.sampleCount();
        return produce(inputSeen - reach);
    }

    /** Emits what is held back at the end of the stream and resets for a new one. */
    public AudioChunk flush() {
        AudioChunk out;
        if (isIdentity()) {
            out = AudioChunk.silence(0, outRate);
        } else {
            long total = Math.round(inputSeen * (double) outRate / inRate);
            out = produceCount(total - outputMade);
        }
        history = new float[0];
        historyStart = 0;
        inputSeen = 0;
        outputMade = 0;
        return out;
    }

    /** Converts a whole clip in one call. */
    public static AudioChunk convert(AudioChunk in, int outRate) {
        if (in.sampleRate() == outRate) {
            return in;
        }
        Resampler r = new Resampler(in.sampleRate(), outRate);
        AudioChunk a = r.process(in);
        AudioChunk b = r.flush();
        short[] all = new short[a.sampleCount() + b.sampleCount()];
        a.copyTo(all, 0);
        b.copyTo(all, a.sampleCount());
        return new AudioChunk(all, outRate);
    }

    private void append(AudioChunk in) {
        // Keep only what the kernel can still reach.
        long oldestNeeded = (long) Math.floor(outputMade * step) - reach;
        int drop = (int) Math.max(0, Math.min(history.length, oldestNeeded - historyStart));
        float[] next = Arrays.copyOfRange(history, drop, history.length + in.sampleCount());
        for (int i = 0; i < in.sampleCount(); i++) {
            next[history.length - drop + i] = in.sample(i);
        }
        history = next;
        historyStart += drop;
    }

    /** Produces every output whose kernel window ends before input index {@code limit}. */
    private AudioChunk produce(long limit) {
        long count = 0;
        while (true) {
            double center = (outputMade + count) * step;
            if ((long) Math.floor(center) + reach >= limit) {
                break;
            }
            count++;
        }
        return produceCount(count);
    }

    private AudioChunk produceCount(long count) {
        short[] out = new short[(int) Math.max(0, count)];
        for (int k = 0; k < out.length; k++) {
            double center = (outputMade + k) * step;
            long base = (long) Math.floor(center);
            double frac = center - base;
            double acc = 0;
            for (int t = -reach + 1; t <= reach; t++) {
                long idx = base + t - historyStart;
                if (idx < 0 || idx >= history.length) {
                    continue;
                }
                acc += history[(int) idx] * kernel(t - frac);
            }
            out[k] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc)));
        }
        outputMade += out.length;
        return new AudioChunk(out, outRate);
    }

    private double kernel(double x) {
        double pos = Math.abs(x) * TABLE_STEPS;
        int i = (int) pos;
        if (i + 1 >= table.length) {
            return 0;
        }
        double f = pos - i;
        return table[i] * (1 - f) + table[i + 1] * f;
    }

    private static float[] kernelTable(int reach, double cutoff) {
        float[] t = new float[reach * TABLE_STEPS + 2];
        for (int i = 0; i < t.length; i++) {
            double x = (double) i / TABLE_STEPS;
            if (x > reach) {
                t[i] = 0;
                continue;
            }
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x * cutoff) / (Math.PI * x * cutoff);
            double w = 0.42 + 0.5 * Math.cos(Math.PI * x / reach) + 0.08 * Math.cos(2 * Math.PI * x / reach);
            t[i] = (float) (cutoff * sinc * w);
        }
        return t;
    }
}
