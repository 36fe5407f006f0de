package dev.videochat.api.turn;

/**
 * Observes turns.
 *
 * <p>The contract:
 * <ul>
 *   <li>Listeners run on one serial event thread per session, never on a stage thread (LLM, TTS, THG, mux) and
 *       never under a pipeline lock. Events reach them one at a time, in the order they happened, across all turns
 *       of the session; every event of a turn is delivered before any event of the turn started after it.</li>
 *   <li>A turn is complete before its final event ({@code Done}, {@code Failed} or {@code Cancelled}) is delivered:
 *       inside the listener, {@code isDone()} is true and {@code await()} returns at once.</li>
 *   <li>A listener may start, cancel or await turns and close the session. Starting a turn from a listener cancels
 *       the running one (barge-in), as from any other thread. Awaiting a turn from a listener waits for its stages
 *       to stop, not for the delivery of its events, which the listener itself is holding up.</li>
 *   <li>Any {@link Throwable} a listener throws is logged and ignored; it never stalls or ends the turn, and the
 *       other listeners still receive the event.</li>
 *   <li>The stages do not wait for listeners: a slow listener delays later events, not the media. Keep listeners
 *       quick all the same, since undelivered events (segments included) wait in memory.</li>
 * </ul>
 */
@FunctionalInterface
public interface TurnListener {

    /** Receives one event of a turn. */
    void onEvent(TurnEvent event);
}
