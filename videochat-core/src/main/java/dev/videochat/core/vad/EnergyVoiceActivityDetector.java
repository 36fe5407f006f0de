package dev.videochat.core.vad;

import dev.videochat.api.Stage;
import dev.videochat.api.vad.VadStream;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.config.BuilderChecks;

/**
 * A voice activity detector that needs no model: a frame is speech when its level stands far enough above the
 * stream's own noise floor, taken as a low quantile of the last three seconds of levels (speech always leaves pauses,
 * so its quietest part is the room). It
 * cannot tell speech from other loud sound (music, a door), so a model such as Silero is the better choice wherever
 * its file is at hand; this one lets a live session hear barge-in with nothing to download.
 */
public final class EnergyVoiceActivityDetector implements VoiceActivityDetector {

    /** The detector's rate, Hz. */
    public static final int SAMPLE_RATE = 16_000;
    /** Samples per frame (32 ms at 16 kHz, as Silero takes). */
    public static final int FRAME_SAMPLES = 512;

    /** The narrowest and widest margin above the noise floor, dB. */
    static final double MIN_MARGIN_DB = 3;
    static final double MAX_MARGIN_DB = 40;
    /** The lowest and highest minimum speech level, dBFS. */
    static final double MIN_MINIMUM_DBFS = -90;
    static final double MAX_MINIMUM_DBFS = -10;

    private final double marginDb;
    private final double minimumDbfs;

    /**
     * @param marginDb    how far above the noise floor a frame must be to count as speech, dB (e.g. 15)
     * @param minimumDbfs the level below which nothing is speech however quiet the floor, dBFS (e.g. -45)
     * @throws IllegalArgumentException for a margin outside 3..40 dB or a minimum outside -90..-10 dBFS
     */
    public EnergyVoiceActivityDetector(double marginDb, double minimumDbfs) {
        if (!(marginDb >= MIN_MARGIN_DB && marginDb <= MAX_MARGIN_DB)) {
            throw new IllegalArgumentException("margin must be 3..40 dB, got " + marginDb);
        }
        if (!(minimumDbfs >= MIN_MINIMUM_DBFS && minimumDbfs <= MAX_MINIMUM_DBFS)) {
            throw new IllegalArgumentException("minimum level must be -90..-10 dBFS, got " + minimumDbfs);
        }
        this.marginDb = marginDb;
        this.minimumDbfs = minimumDbfs;
    }

    /**
     * A builder starting from the defaults (margin 15 dB, minimum -45 dBFS); the {@code energy} provider maps its
     * settings {@code margin-db} and {@code minimum-dbfs} onto it.
     *
     * <pre>{@code
     * VoiceActivityDetector vad = EnergyVoiceActivityDetector.builder().marginDb(12).build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** How far above the noise floor a frame must be to count as speech, dB. */
    public double marginDb() {
        return marginDb;
    }

    /** The level below which nothing is speech, dBFS. */
    public double minimumDbfs() {
        return minimumDbfs;
    }

    @Override
    public String name() {
        return EnergyVadProvider.NAME;
    }

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public int frameSamples() {
        return FRAME_SAMPLES;
    }

    @Override
    public VadStream open() {
        return new Stream();
    }

    @Override
    public void close() {
    }

    /** Frames of history the noise floor is taken from: about 3 s. */
    private static final int WINDOW = 94;
    /** The floor is this quantile of the window's levels: speech leaves pauses, so its quietest part is the room. */
    private static final double FLOOR_QUANTILE = 0.15;
    /** Digital silence (a muted microphone, padding) is not a room: the floor never goes below this, dBFS. */
    private static final double LOWEST_FLOOR_DBFS = -75;

    private final class Stream implements VadStream {
        private final double[] levels = new double[WINDOW];
        private final double[] sorted = new double[WINDOW];
        private int count;
        private int next;

        @Override
        public float speechProbability(short[] frame) {
            if (frame.length != FRAME_SAMPLES) {
                throw new IllegalArgumentException("a frame of the energy detector is " + FRAME_SAMPLES
                        + " samples at 16 kHz, got " + frame.length);
            }
            double sum = 0;
            for (short s : frame) {
                sum += (double) s * s;
            }
            double rms = Math.sqrt(sum / frame.length) / 32768.0;
            double level = 20 * Math.log10(Math.max(rms, 1e-9));
            levels[next] = Math.max(level, LOWEST_FLOOR_DBFS);
            next = (next + 1) % WINDOW;
            count = Math.min(count + 1, WINDOW);
            System.arraycopy(levels, 0, sorted, 0, count);
            java.util.Arrays.sort(sorted, 0, count);
            double floorDb = sorted[(int) (FLOOR_QUANTILE * (count - 1))];
            double threshold = Math.max(floorDb + marginDb, minimumDbfs);
            // A logistic over the distance to the threshold: 0.5 at it, about 0.95 at 6 dB above.
            return (float) (1 / (1 + Math.exp(-(level - threshold) / 2.0)));
        }

        @Override
        public void reset() {
            count = 0;
            next = 0;
        }

        @Override
        public void close() {
        }
    }

    /**
     * Builds an {@link EnergyVoiceActivityDetector}; each method checks its value and names itself when it is
     * wrong.
     */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.VAD, EnergyVadProvider.NAME,
                "EnergyVoiceActivityDetector.builder()");

        private double marginDb = 15;
        private double minimumDbfs = -45;

        private Builder() {
        }

        /** How far above the noise floor a frame must be to count as speech, 3 to 40 dB (default 15). */
        public Builder marginDb(double db) {
            this.marginDb = CHECK.range("marginDb(double)", db, MIN_MARGIN_DB, MAX_MARGIN_DB);
            return this;
        }

        /** The level below which nothing is speech however quiet the room, -90 to -10 dBFS (default -45). */
        public Builder minimumDbfs(double dbfs) {
            this.minimumDbfs = CHECK.range("minimumDbfs(double)", dbfs, MIN_MINIMUM_DBFS, MAX_MINIMUM_DBFS);
            return this;
        }

        /** The detector; it holds nothing to close. */
        public EnergyVoiceActivityDetector build() {
            return new EnergyVoiceActivityDetector(marginDb, minimumDbfs);
        }
    }
}
