package dev.videochat.benchmarks.sim;

import dev.videochat.api.AbstractCall;
import dev.videochat.api.Stage;

import java.util.concurrent.CancellationException;

/**
 * A call whose body runs on a pooled thread, as a real engine's I/O thread would, with the contract of
 * {@link AbstractCall}; cancel interrupts it and waits for a callback in progress.
 */
final class CostedCall<R> extends AbstractCall<R> {

    /** Engine threads are pooled, so the figures measure the pipeline rather than thread creation. */
    private static final java.util.concurrent.ExecutorService ENGINE_THREADS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "costed-engine");
                t.setDaemon(true);
                return t;
            });

    interface Body<R> {
        R run(CostedCall<R> call) throws Exception;
    }

    /** A handler callback. */
    interface Callback {
        void run() throws InterruptedException;
    }

    private final Object lock = new Object();
    private Thread thread; // guarded by lock

    CostedCall(String name, Body<R> body) {
        super(Stage.PIPELINE, name);
        ENGINE_THREADS.execute(() -> {
            synchronized (lock) {
                thread = Thread.currentThread();
            }
            try {
                if (!isCancelled()) {
                    complete(body.run(this));
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                synchronized (lock) {
                    thread = null;
                    Thread.interrupted();
                }
            }
        });
    }

    /** Runs a callback unless cancelled; none runs once cancel() has returned. */
    void send(Callback callback) throws InterruptedException {
        if (!deliver(callback::run)) {
            throw new CancellationException();
        }
    }

    @Override
    protected void cancelWork() {
        synchronized (lock) {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
