package dev.videochat.benchmarks.sim;

import dev.videochat.api.Call;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** A call whose body runs on its own thread; cancel interrupts it and waits for a callback in progress. */
final class CostedCall<R> implements Call<R> {

    interface Body<R> {
        R run(CostedCall<R> call) throws Exception;
    }

    private final CompletableFuture<R> result = new CompletableFuture<>();
    private final Thread thread;
    private final Object lock = new Object();
    private volatile boolean cancelled;

    CostedCall(String name, Body<R> body) {
        thread = new Thread(() -> {
            try {
                result.complete(body.run(this));
            } catch (Throwable t) {
                result.completeExceptionally(cancelled ? new CancellationException() : t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
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
    public CompletableFuture<R> result() {
        return result;
    }

    @Override
    public void cancel() {
        cancelled = true;
        thread.interrupt();
        synchronized (lock) {
            result.completeExceptionally(new CancellationException());
        }
    }
}
