package dev.videochat.core.pipeline;

import dev.videochat.api.voice.VoiceListener;
import dev.videochat.core.vad.EndpointerOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a session listens to the user's microphone ({@link Session#listen(ListeningOptions)}): where utterances end
 * (the endpointer's options), what happens when the user talks over the avatar, and who hears about it.
 * Build with {@link #builder()}; immutable.
 */
public final class ListeningOptions {

    /** What the user's voice does to an answer the avatar is speaking. */
    public enum BargeIn {
        /** The answer stops the moment the user starts speaking (the default). */
        CANCEL,
        /**
         * The answer's audio is lowered at once; if the user is still speaking after {@link #duckFor()} it stops,
         * and if the sound was only a short noise it comes back to full volume.
         */
        DUCK,
        /** The answer goes on; the utterance is answered when it ends (which stops the answer then). */
        OFF
    }

    /**
     * The speech a listening session needs before it counts as the user speaking (the endpointer's own default is
     * 250 ms): short, so that talking over the avatar stops it quickly (barge-in measured at about 0.4 s from the
     * voice's onset to the last frame of speech in a browser over WebRTC); a cough that long interrupts too, which
     * {@link Builder#duck} softens.
     */
    public static final java.time.Duration LISTENING_MIN_SPEECH = java.time.Duration.ofMillis(160);

    private final EndpointerOptions endpointer;
    private final BargeIn bargeIn;
    private final Duration duckFor;
    private final double duckGain;
    private final boolean answer;
    private final int queuedChunks;
    private final List<VoiceListener> listeners;

    private ListeningOptions(Builder b) {
        this.endpointer = b.endpointer;
        this.bargeIn = b.bargeIn;
        this.duckFor = b.duckFor;
        this.duckGain = b.duckGain;
        this.answer = b.answer;
        this.queuedChunks = b.queuedChunks;
        this.listeners = List.copyOf(b.listeners);
    }

    /** Every default: cancel on barge-in, answer every utterance, the endpointer's defaults but its minimum speech. */
    public static ListeningOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public EndpointerOptions endpointer() {
        return endpointer;
    }

    public BargeIn bargeIn() {
        return bargeIn;
    }

    /** With {@link BargeIn#DUCK}: how long the user must speak over the answer before it stops. */
    public Duration duckFor() {
        return duckFor;
    }

    /** With {@link BargeIn#DUCK}: the factor (0 to 1) the answer's audio is multiplied by while ducked. */
    public double duckGain() {
        return duckGain;
    }

    /** Whether each utterance is recognized and answered (otherwise only the events are reported). */
    public boolean answer() {
        return answer;
    }

    /** How many pushed chunks may wait for the detector before the oldest are dropped. */
    public int queuedChunks() {
        return queuedChunks;
    }

    public List<VoiceListener> listeners() {
        return listeners;
    }

    /** Builds {@link ListeningOptions}. */
    public static final class Builder {
        private EndpointerOptions endpointer = EndpointerOptions.builder().minSpeech(LISTENING_MIN_SPEECH).build();
        private BargeIn bargeIn = BargeIn.CANCEL;
        private Duration duckFor = Duration.ofMillis(400);
        private double duckGain = 0.2;
        private boolean answer = true;
        private int queuedChunks = 500;
        private final List<VoiceListener> listeners = new ArrayList<>();

        private Builder() {
        }

        public Builder endpointer(EndpointerOptions options) {
            this.endpointer = Objects.requireNonNull(options, "endpointer");
            return this;
        }

        public Builder bargeIn(BargeIn mode) {
            this.bargeIn = Objects.requireNonNull(mode, "bargeIn");
            return this;
        }

        /**
         * Ducking instead of stopping at once: the answer's audio is multiplied by {@code gain} (0 to 1) while the
         * user speaks, and stops once the user has spoken for {@code after} (positive).
         */
        public Builder duck(double gain, Duration after) {
            if (!(gain >= 0 && gain <= 1)) {
                throw new IllegalArgumentException("duck gain must be 0..1, got " + gain);
            }
            this.duckFor = VideoChatEngine.requirePositive(after, "duck time");
            this.duckGain = gain;
            this.bargeIn = BargeIn.DUCK;
            return this;
        }

        /** Whether utterances are answered (default true); false only reports what is heard. */
        public Builder answer(boolean answer) {
            this.answer = answer;
            return this;
        }

        /** Chunks that may wait for the detector (default 500, about 10 s of 20 ms chunks), 1 to 100,000. */
        public Builder queuedChunks(int chunks) {
            if (chunks < 1 || chunks > 100_000) {
                throw new IllegalArgumentException("queuedChunks must be 1..100000, got " + chunks);
            }
            this.queuedChunks = chunks;
            return this;
        }

        public Builder listener(VoiceListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public ListeningOptions build() {
            return new ListeningOptions(this);
        }
    }
}
