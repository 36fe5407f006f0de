package dev.videochat.core.testing;

import dev.videochat.api.AbstractCall;
import dev.videochat.api.Stage;

import java.util.concurrent.CancellationException;

/**
 * A {@link dev.videochat.api.Call} run on its own thread by the simulated engines, with the contract of
 * {@link AbstractCall}; cancel interrupts that thread.
 */
final class SimulatedCall<R> extends AbstractCall<R> {

    interface Body<R> {
        R run(SimulatedCall<R> self) throws Exception;
    }

    /** A handler callback. */
    interface Callback {
        void run() throws InterruptedException;
    }

    private final Thread thread;

    SimulatedCall(String name, Body<R> body) {
        super(Stage.PIPELINE, "simulated");
        thread = new Thread(() -> {
            try {
                complete(body.run(this));
            } catch (InterruptedException | CancellationException e) {
                fail(new CancellationException("cancelled"));
            } catch (Throwable t) {
                fail(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a callback unless cancelled; none runs once cancel() has returned. */
    void send(Callback callback) throws InterruptedException {
        if (!deliver(callback::run)) {
            throw new CancellationException("cancelled");
        }
    }

    @Override
    protected void cancelWork() {
        thread.interrupt();
    }
}
