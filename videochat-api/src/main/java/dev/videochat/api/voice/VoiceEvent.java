package dev.videochat.api.voice;

import java.time.Duration;
import java.util.Objects;

/**
 * What a listening session hears, in the order it hears it. Times are positions in the microphone stream (from the
 * first sample pushed), not wall-clock times.
 */
public sealed interface VoiceEvent {

    /** The user started speaking at {@code at} (the detector's onset; the utterance keeps some audio before it). */
    record SpeechStarted(Duration at) implements VoiceEvent {
        public SpeechStarted {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The user stopped speaking: the utterance ran from {@code start} to {@code end}. */
    record SpeechEnded(Duration start, Duration end) implements VoiceEvent {
        public SpeechEnded {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }
    }

    /** A burst too short to be speech (a cough, a click) was ignored; a ducked answer is restored. */
    record NoiseIgnored(Duration length) implements VoiceEvent {
        public NoiseIgnored {
            Objects.requireNonNull(length, "length");
        }
    }

    /** The avatar's answer was lowered while the user speaks over it (barge-in by ducking). */
    record Ducked(String turnId) implements VoiceEvent {
        public Ducked {
            Objects.requireNonNull(turnId, "turnId");
        }
    }

    /** The user spoke over the avatar and its answer was stopped; the history keeps only what was played. */
    record BargedIn(String turnId) implements VoiceEvent {
        public BargedIn {
            Objects.requireNonNull(turnId, "turnId");
        }
    }

    /** The utterance became turn {@code turnId}: recognition, then the answer. */
    record Answering(String turnId) implements VoiceEvent {
        public Answering {
            Objects.requireNonNull(turnId, "turnId");
        }
    }

    /**
     * An utterance was heard but not answered, and why (no speech recognizer is configured, the session closed).
     * The message says what to configure.
     */
    record Unanswered(Duration start, Duration end, String reason) implements VoiceEvent {
        public Unanswered {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
