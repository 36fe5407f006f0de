package dev.videochat.core.pipeline;

import dev.videochat.api.Call;
import dev.videochat.api.turn.TurnEvent;

import java.util.concurrent.CompletionStage;

/**
 * A running turn: one user input and the answer to it, flowing through LLM, chunker, TTS, THG and mux on their own
 * threads. Events go to the listeners given when it started, on the session's event thread (see
 * {@link dev.videochat.api.turn.TurnListener} for the contract); this handle cancels it and tells when it ends.
 *
 * <p>Every turn ends with exactly one final event, whatever happens: a failure in any stage (an {@link Error}
 * included), a stage idle past its deadline, or the turn running past its overall deadline
 * ({@link SessionOptions.Builder#stageIdleTimeout}, {@link SessionOptions.Builder#turnTimeout}).
 *
 * <p>As a {@link Call}, its summary is that final event: {@link #result()} completes normally with
 * {@link TurnEvent.Done}, {@link TurnEvent.Failed} or {@link TurnEvent.Cancelled}, and {@link #await()} returns it.
 * A failed or cancelled turn is an outcome the pipeline reports, not an error of the caller, so neither ever
 * completes the result exceptionally or makes {@code await()} throw; the failure is in
 * {@link TurnEvent.Failed#error()}.
 */
public interface Turn extends Call<TurnEvent> {

    /** The turn's id, carried by each of its events. */
    String id();

    /**
     * Stops the turn: closes the LLM stream, stops synthesis, interrupts the talking head's render in progress,
     * drops queued packets, ends the current segment cleanly. Idempotent; returns at once. The turn then ends with
     * {@link TurnEvent.Cancelled} (or with the event it was already ending with). The session is ready for a new
     * turn once {@link #await()} returns.
     */
    @Override
    void cancel();

    /** Whether the turn has ended (its stages have stopped); true inside the listeners of its final event. */
    @Override
    boolean isDone();

    /**
     * Completes normally with the final event: {@link TurnEvent.Done}, {@link TurnEvent.Failed} or
     * {@link TurnEvent.Cancelled}; never exceptionally. It completes on the session's event thread just before the
     * listeners receive that event, so actions chained to it run there too, in order with the listeners. In a
     * listener, use {@link #await()} rather than joining this stage for a turn that has not ended yet.
     */
    @Override
    CompletionStage<TurnEvent> result();

    /**
     * Waits until the turn has ended and every one of its threads has exited; returns the final event. Called from
     * any thread but a listener, it also waits until the listeners have received that event; called from a
     * listener, it returns once the stages have stopped (the listener is holding up the delivery itself). It
     * returns the same event as {@link #result()} and never throws for a failed or cancelled turn.
     */
    @Override
    TurnEvent await() throws InterruptedException;
}
