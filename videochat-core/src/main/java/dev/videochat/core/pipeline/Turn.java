package dev.videochat.core.pipeline;

import dev.videochat.api.turn.TurnEvent;

import java.util.concurrent.CompletableFuture;

/**
 * A running turn: one user input and the answer to it, flowing through LLM, chunker, TTS, THG and mux on their own
 * threads. Events go to the listeners given when it started; this handle cancels it and tells when it ends.
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

    /** Completes with the final event: {@link TurnEvent.Done}, {@link TurnEvent.Failed} or {@link TurnEvent.Cancelled}. */
    CompletableFuture<TurnEvent> completion();

    /** Waits until the turn has ended and every one of its threads has exited; returns the final event. */
    TurnEvent await() throws InterruptedException;
}
