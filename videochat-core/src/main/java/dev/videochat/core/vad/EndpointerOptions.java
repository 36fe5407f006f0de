package dev.videochat.core.vad;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SpeechEndpointer} turns speech probabilities into utterances. Build with {@link #builder()};
 * immutable. Probabilities are from 0 to 1; durations are stream time (samples fed divided by the sample rate),
 * and are rounded to whole samples at the detector's rate.
 *
 * <p>The defaults suit a conversation: speech starts at probability 0.5, keeps going while it stays at 0.35 or
 * above, ends after 600 ms below 0.35; bursts shorter than 250 ms are dropped; 300 ms before the start are kept so
 * the first syllable is not clipped; an utterance longer than 30 s is cut.
 */
public final class EndpointerOptions {

    /** Default probability (0..1) at which speech starts. */
    public static final float DEFAULT_START_THRESHOLD = 0.5f;
    /** Default probability (0..1) below which a frame counts as silence once speech has started. */
    public static final float DEFAULT_END_THRESHOLD = 0.35f;
    /** Default silence (below the end threshold) that ends an utterance: 600 ms. */
    public static final Duration DEFAULT_END_SILENCE = Duration.ofMillis(600);
    /** Default shortest utterance; shorter bursts are discarded: 250 ms. */
    public static final Duration DEFAULT_MIN_SPEECH = Duration.ofMillis(250);
    /** Default audio kept before the detected start: 300 ms. */
    public static final Duration DEFAULT_PRE_ROLL = Duration.ofMillis(300);
    /** Default longest utterance, after which it is cut and ended: 30 s. */
    public static final Duration DEFAULT_MAX_UTTERANCE = Duration.ofSeconds(30);

    private final float startThreshold;
    private final float endThreshold;
    private final Duration endSilence;
    private final Duration minSpeech;
    private final Duration preRoll;
    private final Duration maxUtterance;

    private EndpointerOptions(Builder b) {
        this.startThreshold = b.startThreshold;
        this.endThreshold = b.endThreshold;
        this.endSilence = b.endSilence;
        this.minSpeech = b.minSpeech;
        this.preRoll = b.preRoll;
        this.maxUtterance = b.maxUtterance;
    }

    /** The defaults (see the class comment). */
    public static EndpointerOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The probability (0..1) a frame needs to start speech. */
    public float startThreshold() {
        return startThreshold;
    }

    /** The probability (0..1) below which a frame of an utterance counts as silence. */
    public float endThreshold() {
        return endThreshold;
    }

    /** How long the probability must stay below {@link #endThreshold()} to end an utterance. */
    public Duration endSilence() {
        return endSilence;
    }

    /** The shortest utterance (start to end, trailing silence excluded); shorter bursts are discarded. */
    public Duration minSpeech() {
        return minSpeech;
    }

    /** How much audio before the detected start an utterance carries. */
    public Duration preRoll() {
        return preRoll;
    }

    /**
     * The longest utterance (from its start, pre-roll excluded); longer speech is cut into several, at the first
     * frame boundary at or after this length.
     */
    public Duration maxUtterance() {
        return maxUtterance;
    }

    @Override
    public String toString() {
        return "EndpointerOptions[start=" + startThreshold + ", end=" + endThreshold + ", endSilence="
                + endSilence.toMillis() + "ms, minSpeech=" + minSpeech.toMillis() + "ms, preRoll="
                + preRoll.toMillis() + "ms, maxUtterance=" + maxUtterance.toMillis() + "ms]";
    }

    /** Builds {@link EndpointerOptions}; {@link #build()} checks that the values fit together. */
    public static final class Builder {
        private float startThreshold = DEFAULT_START_THRESHOLD;
        private float endThreshold = DEFAULT_END_THRESHOLD;
        private Duration endSilence = DEFAULT_END_SILENCE;
        private Duration minSpeech = DEFAULT_MIN_SPEECH;
        private Duration preRoll = DEFAULT_PRE_ROLL;
        private Duration maxUtterance = DEFAULT_MAX_UTTERANCE;

        private Builder() {
        }

        /**
         * The probability a frame needs to start speech, in (0, 1]; default 0.5.
         *
         * @throws IllegalArgumentException outside (0, 1]
         */
        public Builder startThreshold(float probability) {
            this.startThreshold = probability(probability, "startThreshold");
            return this;
        }

        /**
         * The probability below which a frame of an utterance counts as silence, in (0, 1], at most the start
         * threshold (checked by {@link #build()}); default 0.35.
         *
         * @throws IllegalArgumentException outside (0, 1]
         */
        public Builder endThreshold(float probability) {
            this.endThreshold = probability(probability, "endThreshold");
            return this;
        }

        /**
         * How long the probability must stay below the end threshold to end an utterance; positive, default
         * 600 ms. Shorter pauses stay inside the utterance.
         */
        public Builder endSilence(Duration duration) {
            this.endSilence = positive(duration, "endSilence");
            return this;
        }

        /** The shortest utterance kept; zero or more, default 250 ms. Shorter bursts are discarded. */
        public Builder minSpeech(Duration duration) {
            this.minSpeech = notNegative(duration, "minSpeech");
            return this;
        }

        /** Audio kept before the detected start; zero or more, default 300 ms. */
        public Builder preRoll(Duration duration) {
            this.preRoll = notNegative(duration, "preRoll");
            return this;
        }

        /** The longest utterance before it is cut and ended; positive, default 30 s. */
        public Builder maxUtterance(Duration duration) {
            this.maxUtterance = positive(duration, "maxUtterance");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException when the end threshold is above the start threshold, or the minimum
         *                                  speech is not shorter than the maximum utterance
         */
        public EndpointerOptions build() {
            if (endThreshold > startThreshold) {
                throw new IllegalArgumentException("endThreshold (" + endThreshold
                        + ") must not be above startThreshold (" + startThreshold + ")");
            }
            if (minSpeech.compareTo(maxUtterance) >= 0) {
                throw new IllegalArgumentException("minSpeech (" + minSpeech.toMillis()
                        + " ms) must be shorter than maxUtterance (" + maxUtterance.toMillis() + " ms)");
            }
            return new EndpointerOptions(this);
        }

        private static float probability(float p, String what) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException(what + " must be a probability in (0, 1], got " + p);
            }
            return p;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d.toMillis() + " ms");
            }
            return d;
        }

        private static Duration notNegative(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative, got " + d.toMillis() + " ms");
            }
            return d;
        }
    }
}
