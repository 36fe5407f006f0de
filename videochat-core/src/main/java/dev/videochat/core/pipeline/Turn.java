package dev.videochat.core.pipeline;

import dev.videochat.api.turn.TurnEvent;

import java.util.concurrent.CompletableFuture;

/**
 * A running turn: one user input and the answer to it, flowing through LLM, chunker, TTS, THG and mux on their own
 * threads. Events go to the listeners given when it started, on the session's event thread (see
 * {@link dev.videochat.api.turn.TurnListener} for the contract); this handle cancels it and tells when it ends.
 *
 * <p>Every turn ends with exactly one final event, whatever happens: a failure in any stage (an {@link Error}
 * included), a stage idle past its deadline, or the turn running past its overall deadline
 * ({@link SessionOptions.Builder#stageIdleTimeout}, {@link SessionOptions.Builder#turnTimeout}).
 */
public interface Turn {

    /** The turn's id, carried by each of its events. */
    String id();

    /**
     * Stops the turn: closes the LLM stream, stops synthesis, interrupts the talking head's render in progress,
     * drops queued packets, ends the current segment cleanly. Idempotent; returns at once. The session is ready for a new turn once {@link #await()} returns.
     */
    void cancel();

    /** Whether the turn has ended. */
    boolean isDone();

    /**
     * Completes with the final event: {@link TurnEvent.Done}, {@link TurnEvent.Failed} or {@link TurnEvent.Cancelled}.
     * It completes on the session's event thread just before the listeners receive that event, so actions chained
     * to it run there too, in order with the listeners. In a listener, use {@link #await()} rather than joining this
     * future for a turn that has not ended yet.
     */
    CompletableFuture<TurnEvent> completion();

    /**
     * Waits until the turn has ended and every one of its threads has exited; returns the final event. Called from
     * any thread but a listener, it also waits until the listeners have received that event; called from a
     * listener, it returns once the stages have stopped (the listener is holding up the delivery itself).
     */
    TurnEvent await() throws InterruptedException;
}
