package dev.videochat.musetalk.runtime;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;

/** Counts the open sessions and admits a new one as {@link SessionAdmission} says. Thread-safe. */
final class AdmissionControl {

    /** Share of the measured rate that sessions may use. */
    static final double UTILISATION = 0.9;

    private final SessionAdmission settings;
    private final DoubleSupplier framesPerSecond;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int open;

    AdmissionControl(SessionAdmission settings, DoubleSupplier framesPerSecond) {
        this.settings = settings;
        this.framesPerSecond = framesPerSecond;
    }

    SessionAdmission settings() {
        return settings;
    }

    /** Sessions the measured rate carries, or {@link Integer#MAX_VALUE} before anything was measured. */
    int capacity() {
        double fps = framesPerSecond.getAsDouble();
        return fps > 0 ? (int) Math.floor(fps * UTILISATION / settings.sessionFps()) : Integer.MAX_VALUE;
    }

    /**
     * The sessions {@link #admit} would still take before refusing or queuing one: capacity less the open
     * sessions, at least 0; -1 before anything was measured.
     */
    int spare() {
        int capacity = capacity();
        if (capacity == Integer.MAX_VALUE) {
            return -1;
        }
        return Math.max(0, capacity - open());
    }

    int open() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** Takes a place for session {@code name}, waiting under QUEUE; throws when it is refused. */
    void admit(String name) {
        lock.lock();
        try {
            switch (settings.policy()) {
                case OFF -> { }
                case REFUSE -> {
                    if (open >= capacity()) {
                        throw refusal(name, "");
                    }
                }
                case QUEUE -> awaitPlace(name);
            }
            open++;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the place of a closed session. */
    void release() {
        lock.lock();
        try {
            open--;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void awaitPlace(String name) {
        long left = settings.queueWait().toNanos();
        while (open >= capacity()) {
            if (left <= 0) {
                throw refusal(name, " after waiting " + settings.queueWait().toMillis() + " ms for a place");
            }
            try {
                // Re-checked at least every second: the measured rate, and so the capacity, moves as batches run.
                long step = Math.min(left, TimeUnit.SECONDS.toNanos(1));
                left -= step - Math.max(0, released.awaitNanos(step));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw refusal(name, " (interrupted while waiting for a place)");
            }
        }
    }

    private SessionRefusedException refusal(String name, String how) {
        double fps = framesPerSecond.getAsDouble();
        int capacity = capacity();
        return new SessionRefusedException(String.format(Locale.ROOT, "session '%s' refused%s: the face generator "
                + "sustains %.1f frames/s over its recent batches, which carries %d sessions at %d fps (%d %% of it), "
                + "and %d are open; close a session, add a GPU, or set admission to queue or off",
                name, how, fps, capacity, settings.sessionFps(), Math.round(UTILISATION * 100), open), fps, capacity);
    }
}
