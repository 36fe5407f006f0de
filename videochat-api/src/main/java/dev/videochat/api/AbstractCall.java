package dev.videochat.api;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@link Call} contract written once, for engines to extend: handler callbacks, cancellation and completion.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li><b>No callback after cancel.</b> Every handler callback runs through {@link #deliver}, one at a time,
 *       under a guard that {@link #cancel()} also takes. Once {@code cancel()} returns, no callback is running and
 *       none starts. A callback in progress when {@code cancel()} is called is interrupted (a handler blocked on a
 *       full queue wakes up) and {@code cancel()} waits for it to return; that interrupt never leaks out of
 *       {@code deliver} into the engine's own code. Callbacks must therefore return promptly once interrupted.</li>
 *   <li><b>Cancel from anywhere.</b> {@code cancel()} is idempotent and safe from any thread, including from
 *       inside a callback of the same call (the guard is reentrant: it does not wait for itself). Every
 *       {@code cancel()}, not only the first, returns only once no callback is running.</li>
 *   <li><b>Completion exactly once.</b> {@link #result()} completes once: by {@link #complete}, by {@link #fail} or
 *       by {@code cancel()} with a {@link CancellationException}. Once {@code cancel()} has been called,
 *       {@code complete} and {@code fail} are refused, so work that ends early because of the cancel (a closed
 *       socket, an interrupt) cannot report a partial result or a failure in place of the cancellation.</li>
 *   <li><b>Callbacks that throw.</b> An exception a callback throws leaves {@code deliver} unchanged, with the
 *       guard released; the engine ends the call with {@link #fail}, describing the failure as it sees fit.</li>
 *   <li><b>A read-only result.</b> {@link #result()} refuses to be completed from outside
 *       ({@link UnsupportedOperationException}); cancelling the future it gives cancels the call.</li>
 * </ul>
 *
 * <p>What a subclass does: passes each handler callback to {@link #deliver} and stops its work when that returns
 * {@code false}; ends with {@link #complete} or {@link #fail}; releases its transport (closes a stream, aborts a
 * socket, kills a process) in {@link #cancelWork()}; may poll {@link #isCancelled()} to stop early.
 *
 * @param <R> the summary available when the call ends
 */
public abstract class AbstractCall<R> implements Call<R> {

    /** A handler callback, run by {@link #deliver}. */
    @FunctionalInterface
    protected interface Delivery {
        /** Calls the handler. */
        void run() throws InterruptedException;
    }

    private final Stage stage;
    private final String provider;
    private final ReadOnlyFuture<R> result = new ReadOnlyFuture<>(this);
    /** Held while a callback runs; {@link #cancel()} takes it to wait for one in progress. */
    private final ReentrantLock guard = new ReentrantLock();
    /** Guards the fields below; held briefly, never around a callback or the engine's work. */
    private final Object state = new Object();
    private volatile boolean cancelled;
    /** The thread running a callback, or {@code null}. */
    private @Nullable Thread delivering;
    /** Whether {@link #cancel()} interrupted {@link #delivering}, so that its interrupt is cleared afterwards. */
    private boolean interruptedByCancel;

    /**
     * @param stage    the stage this call runs, for messages
     * @param provider the engine's provider name (for example {@code "edge-tts"}), or {@code "-"}
     */
    protected AbstractCall(Stage stage, String provider) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public final CompletionStage<R> result() {
        return result;
    }

    @Override
    public final boolean isDone() {
        return result.isDone();
    }

    /** Whether {@link #cancel()} has been called (the call may have ended before it was). */
    public final boolean isCancelled() {
        return cancelled;
    }

    /** The stage this call runs. */
    public final Stage stage() {
        return stage;
    }

    /** The engine's provider name, or {@code "-"}. */
    public final String provider() {
        return provider;
    }

    /**
     * Stops the call: no callback starts after this returns and none is running; the result completes with a
     * {@link CancellationException} unless the call had already ended. The first call interrupts a callback in
     * progress (unless it is the calling thread) and runs {@link #cancelWork()}.
     */
    @Override
    public final void cancel() {
        boolean first;
        synchronized (state) {
            first = !cancelled;
            cancelled = true;
            Thread running = delivering;
            if (first && running != null && running != Thread.currentThread()) {
                running.interrupt(); // a handler blocked on a full queue; cleared when its callback returns
                interruptedByCancel = true;
            }
        }
        try {
            if (first && !result.isDone()) {
                cancelWork();
            }
        } finally {
            guard.lock(); // waits for a callback in progress; a callback cancelling its own call holds it already
            guard.unlock();
            result.settleExceptionally(new CancellationException(prefix() + "cancelled"));
        }
    }

    /**
     * Releases what the engine's work is blocked on (closes the response stream, aborts the socket, kills the
     * process), so that the work ends soon. Called once, by the first {@link #cancel()}, before it waits for a
     * callback in progress, and only while the call is running. Must not block for long. Does nothing by default.
     */
    protected void cancelWork() {
    }

    /**
     * Runs a handler callback under the guard, unless the call was cancelled or has ended.
     *
     * @return {@code false} when the callback did not run, or ran and the call was cancelled meanwhile: the engine
     *         should stop
     * @throws InterruptedException when the thread was interrupted for another reason than this call's cancel
     */
    protected final boolean deliver(Delivery callback) throws InterruptedException {
        return deliver(callback, false);
    }

    /**
     * Like {@link #deliver}, but also after the call has ended normally or failed; never after a cancel. For
     * callbacks that may follow the end (a transcript a server sends on the side after the response is done).
     */
    protected final boolean deliverUnlessCancelled(Delivery callback) throws InterruptedException {
        return deliver(callback, true);
    }

    private boolean deliver(Delivery callback, boolean afterEnd) throws InterruptedException {
        Objects.requireNonNull(callback, "callback");
        guard.lockInterruptibly();
        try {
            @Nullable Thread previous;
            synchronized (state) {
                if (cancelled || !afterEnd && result.isDone()) {
                    return false;
                }
                previous = delivering; // non-null when a callback delivers again on its own thread
                delivering = Thread.currentThread();
            }
            try {
                callback.run();
            } catch (InterruptedException e) {
                if (!cancelled) {
                    throw e;
                }
                return false; // our own cancel woke the handler
            } finally {
                synchronized (state) {
                    delivering = previous;
                    if (interruptedByCancel && previous == null) {
                        interruptedByCancel = false;
                        Thread.interrupted(); // the cancel's interrupt was for the callback, not for the engine
                    }
                }
            }
            return !cancelled;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Ends the call with its summary.
     *
     * @return {@code false} when the call had already ended or {@link #cancel()} has been called
     */
    protected final boolean complete(R summary) {
        if (cancelled) {
            return false;
        }
        return result.settle(summary);
    }

    /**
     * Ends the call with a failure, normally a {@link VideoChatException} naming the stage and provider.
     *
     * @return {@code false} when the call had already ended or {@link #cancel()} has been called
     */
    protected final boolean fail(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        if (cancelled) {
            return false;
        }
        return result.settleExceptionally(failure);
    }

    private String prefix() {
        return provider.isBlank() || provider.equals("-") ? "[" + stage + "] " : "[" + stage + "/" + provider + "] ";
    }

    /**
     * The future behind {@link #result()}: only its call completes it; cancelling it cancels the call. Timeouts
     * apply to a copy, so that they end the wait, not the call.
     */
    private static final class ReadOnlyFuture<T> extends CompletableFuture<T> {
        private final Call<?> call;

        ReadOnlyFuture(Call<?> call) {
            this.call = call;
        }

        boolean settle(T value) {
            return super.complete(value);
        }

        boolean settleExceptionally(Throwable failure) {
            return super.completeExceptionally(failure);
        }

        @Override
        public boolean complete(T value) {
            throw readOnly();
        }

        @Override
        public boolean completeExceptionally(Throwable ex) {
            throw readOnly();
        }

        @Override
        public void obtrudeValue(T value) {
            throw readOnly();
        }

        @Override
        public void obtrudeException(Throwable ex) {
            throw readOnly();
        }

        @Override
        public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
            throw readOnly();
        }

        @Override
        public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
            throw readOnly();
        }

        /** Cancels the call; the future completes once the call has stopped. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            call.cancel();
            return isCancelled();
        }

        /** A copy of this future that fails with a {@link java.util.concurrent.TimeoutException}; the call goes on. */
        @Override
        public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
            return copy().orTimeout(timeout, unit);
        }

        /** A copy of this future that completes with {@code value} after the timeout; the call goes on. */
        @Override
        public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
            return copy().completeOnTimeout(value, timeout, unit);
        }

        /** Dependent stages are ordinary futures. */
        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }

        private static UnsupportedOperationException readOnly() {
            return new UnsupportedOperationException("the result of a call is read-only; stop the call with cancel()");
        }
    }
}
