package dev.videochat.musetalk.runtime;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;

/**
 * A session was not admitted because the face worker's measured rate cannot carry another one (see
 * {@link SessionAdmission}). An application can answer it with "busy, try later" (HTTP 503).
 */
public final class SessionRefusedException extends VideoChatException {
    private static final long serialVersionUID = 1L;

    private final double framesPerSecond;
    private final int capacity;

    SessionRefusedException(String message, double framesPerSecond, int capacity) {
        super(Stage.THG, "musetalk", message);
        this.framesPerSecond = framesPerSecond;
        this.capacity = capacity;
    }

    /** The generator's measured rate when the session was refused, in frames per second. */
    public double framesPerSecond() {
        return framesPerSecond;
    }

    /** The sessions that rate carries. */
    public int capacity() {
        return capacity;
    }
}
