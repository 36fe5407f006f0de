package dev.videochat.core.testing;

import dev.videochat.api.Call;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link Call} run on its own thread by the simulated engines; cancel interrupts that thread. */
final class SimulatedCall<R> implements Call<R> {

    interface Body<R> {
        R run(SimulatedCall<R> self) throws Exception;
    }

    private final CompletableFuture<R> result = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean cancelled;
    private final Object callbackLock = new Object();

    SimulatedCall(String name, Body<R> body) {
        thread = new Thread(() -> {
            try {
                result.complete(body.run(this));
            } catch (InterruptedException | CancellationException e) {
                result.completeExceptionally(new CancellationException("cancelled"));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a callback unless cancelled; cancel() waits for a running callback, so none runs after it returns. */
    void deliver(ThrowingRunnable callback) throws Exception {
        synchronized (callbackLock) {
            if (cancelled) {
                throw new CancellationException("cancelled");
            }
            callback.run();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    boolean cancelled() {
        return cancelled;
    }

    @Override
    public CompletionStage<R> result() {
        return result;
    }

    @Override
    public void cancel() {
        cancelled = true;
        thread.interrupt();
        synchronized (callbackLock) {
            result.completeExceptionally(new CancellationException("cancelled"));
        }
    }
}
