package dev.videochat.api.turn;

/**
 * Observes turns. Called on the pipeline's threads, one event at a time per turn, in order; keep it quick and do
 * not throw (a throwing listener is logged and ignored).
 */
@FunctionalInterface
public interface TurnListener {

    void onEvent(TurnEvent event);
}
