package dev.videochat.core.pipeline;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnListener;

/**
 * Watches every session and turn of one engine, for metrics and monitoring: set it with
 * {@link VideoChatEngine.Builder#observer}. Every method does nothing by default, so an observer overrides what it
 * uses.
 *
 * <p>What happens is pushed: every event of every turn of every session reaches {@link #onTurnEvent} under the
 * {@link TurnListener} contract (on the session's event thread, in order, never on a stage thread; a throw is
 * logged and ignored), before the session's and the turn's own listeners, so a listener that reads the metrics
 * sees its event counted. Keep it quick: the listeners wait for it. What stands at a level (open sessions,
 * queued items, frames written) is pulled: the observer is handed the engine's {@link PipelineGauges} once, when
 * the engine is built, and reads them when it wants to (at a metrics scrape): the stages make no call to an
 * observer, and bump one shared frame count.
 */
public interface PipelineObserver {

    /**
     * The engine this observer was given to has been built; {@code gauges} reads its levels from now on, from any
     * thread. Called once per engine, on the thread that builds it; a throw fails the build.
     */
    default void engineBuilt(PipelineGauges gauges) {
    }

    /** One event of a turn of any session of the engine (see the class comment for the thread it comes on). */
    default void onTurnEvent(TurnEvent event) {
    }
}
