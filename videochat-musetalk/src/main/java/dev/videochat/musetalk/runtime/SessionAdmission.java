package dev.videochat.musetalk.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether the face worker admits a new session when its measured rate cannot carry one more.
 *
 * <p>Capacity is {@code floor(measured frames per second × 0.9 / sessionFps)} sessions: the measured rate is the
 * generator's over its last 32 batches (three timed batches at start-up when admission is on), and 10 % is kept
 * for jitter, the Whisper encoder sharing the device and partial batches.
 *
 * @param policy     what happens to a session past capacity
 * @param sessionFps frames per second one session needs (the avatars' rate, 25 for MuseTalk)
 * @param queueWait  how long {@link Policy#QUEUE} waits for a place before refusing
 */
public record SessionAdmission(Policy policy, int sessionFps, Duration queueWait) {

    /** What happens to a session opened past capacity. */
    public enum Policy {
        /** Every session is admitted; sessions past capacity slow every session down (the default). */
        OFF,
        /** A session past capacity is refused with a {@link SessionRefusedException}. */
        REFUSE,
        /** A session past capacity waits up to {@code queueWait} for another to close, then is refused. */
        QUEUE
    }

    public SessionAdmission {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(queueWait, "queueWait");
        if (sessionFps < 1 || sessionFps > 120) {
            throw new IllegalArgumentException("sessionFps must be 1 to 120 frames per second, got " + sessionFps);
        }
        if (queueWait.isNegative()) {
            throw new IllegalArgumentException("queueWait must be >= 0, got " + queueWait);
        }
    }

    /** Admission off: 25 fps sessions, a 30 s queue wait should the policy change. */
    public static SessionAdmission off() {
        return new SessionAdmission(Policy.OFF, 25, Duration.ofSeconds(30));
    }

    /** The same settings with {@code policy}. */
    public SessionAdmission withPolicy(Policy policy) {
        return new SessionAdmission(policy, sessionFps, queueWait);
    }
}
