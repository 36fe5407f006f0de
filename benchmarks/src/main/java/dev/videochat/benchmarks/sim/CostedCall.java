package dev.videochat.benchmarks.sim;

import dev.videochat.api.Call;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A call whose body runs on a pooled thread, as a real engine's I/O thread would; cancel interrupts it and waits
 * for a callback in progress.
 */
final class CostedCall<R> implements Call<R> {

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

    private final CompletableFuture<R> result = new CompletableFuture<>();
    private volatile Thread thread;
    private final Object lock = new Object();
    private volatile boolean cancelled;

    CostedCall(String name, Body<R> body) {
        ENGINE_THREADS.execute(() -> {
            thread = Thread.currentThread();
            try {
                if (!cancelled) {
                    result.complete(body.run(this));
                }
            } catch (Throwable t) {
                result.completeExceptionally(cancelled ? new CancellationException() : t);
            } finally {
                synchronized (lock) {
                    thread = null;
                    Thread.interrupted();
                }
            }
        });
    }

    interface Callback {
        void run() throws Exception;
    }

    void deliver(Callback callback) throws Exception {
        synchronized (lock) {
            if (cancelled) {
                throw new CancellationException();
            }
            callback.run();
        }
    }

    @Override
    public CompletionStage<R> result() {
        return result;
    }

    @Override
    public void cancel() {
        cancelled = true;
        synchronized (lock) {
            Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
            result.completeExceptionally(new CancellationException());
        }
    }
}
