package dev.videochat.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A turn ran past one of its deadlines: a stage produced nothing (no LLM delta, no audio chunk, no frame, no
 * muxed item) for longer than the stage idle deadline, or the whole turn took longer than its overall deadline.
 * The message names the stage, its provider and the limit, and the setting that changes it.
 */
public class StageTimeoutException extends VideoChatException {
    private static final long serialVersionUID = 1L;

    /** Which deadline was passed. */
    public enum Kind {
        /** The stage made no progress for {@link #limit()}. */
        STAGE_IDLE,
        /** The turn as a whole lasted longer than {@link #limit()}. */
        TURN
    }

    private final Kind kind;
    private final Duration limit;

    /**
     * @param stage    the stage that was working (or the furthest behind) when the deadline passed
     * @param provider the provider running that stage, or {@code "-"}
     * @param kind     which deadline passed
     * @param limit    the deadline that passed
     * @param message  what happened and which setting changes the limit
     */
    public StageTimeoutException(Stage stage, String provider, Kind kind, Duration limit, String message) {
        super(stage, provider, message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /** Which deadline passed. */
    public Kind kind() {
        return kind;
    }

    /** The limit that was passed. */
    public Duration limit() {
        return limit;
    }
}
