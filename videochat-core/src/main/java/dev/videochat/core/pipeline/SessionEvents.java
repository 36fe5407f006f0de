package dev.videochat.core.pipeline;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A session's event thread: delivers every turn event to the listeners, one at a time, in the order they were
 * published, away from the stage threads and from every pipeline lock. The thread exists only while there are
 * events to deliver (it ends after a few idle seconds and comes back on the next event).
 */
final class SessionEvents {

    private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);

    private final ThreadPoolExecutor executor;
    private volatile Thread current;

    SessionEvents(String sessionId) {
        executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread t = new Thread(task, "videochat-" + sessionId + "-events");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Queues {@code event} for {@code listeners}. */
    void publish(List<TurnListener> listeners, TurnEvent event) {
        run(() -> deliver(listeners, event));
    }

    /**
     * Queues {@code task} after every event published so far. When the thread cannot take it (the session is
     * closed, or no thread could be started), the task runs on the calling thread instead, so no event is lost.
     */
    void run(Runnable task) {
        Runnable marked = () -> {
            current = Thread.currentThread();
            try {
                task.run();
            } catch (Throwable t) {
                log.warn("event delivery failed: {}", t.toString());
            } finally {
                current = null;
            }
        };
        try {
            executor.execute(marked);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            marked.run();
        }
    }

    /** Whether the calling thread is delivering this session's events right now. */
    boolean onEventThread() {
        return current == Thread.currentThread();
    }

    static void deliver(List<TurnListener> listeners, TurnEvent event) {
        for (TurnListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (Throwable t) {
                log.warn("turn listener {} threw on {} of turn {}: {}", l, event.getClass().getSimpleName(),
                        event.turnId(), t.toString());
            }
        }
    }

    /**
     * Stops taking events once those queued are delivered. Waits up to {@code waitMillis} for that, unless called
     * from the event thread itself (a listener closing its session), which cannot wait for itself.
     */
    void close(long waitMillis) {
        executor.shutdown();
        if (onEventThread()) {
            return;
        }
        try {
            if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                log.warn("a turn listener is still busy {} ms after the session closed; its remaining events are "
                        + "delivered in the background", waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
