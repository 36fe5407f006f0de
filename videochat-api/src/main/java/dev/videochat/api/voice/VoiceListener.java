package dev.videochat.api.voice;

/**
 * Observes what a listening session hears. Called on the session's event thread, in order with the turn events,
 * under the same contract as {@link dev.videochat.api.turn.TurnListener}: it may start, cancel or await turns, and
 * anything it throws is logged and ignored.
 */
@FunctionalInterface
public interface VoiceListener {

    /** Receives one event. */
    void onVoice(VoiceEvent event);
}
