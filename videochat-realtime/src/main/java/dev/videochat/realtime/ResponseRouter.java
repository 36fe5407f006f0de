package dev.videochat.realtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which response a server event belongs to. The server names a response only in its {@code response.created}, which
 * answers the oldest {@code response.create} still unanswered; from then on its events carry that id. Ids of
 * responses no call wants any more (cancelled, or started by the server's VAD unasked) are remembered so that their
 * late events are dropped rather than given to the next response. Thread-safe.
 */
final class ResponseRouter {

    private RealtimeResponse current;
    /** Responses asked for whose response.created has not come yet, oldest first. */
    private final Deque<RealtimeResponse> awaitingCreated = new ArrayDeque<>();
    private final Set<String> ignored = new HashSet<>();
    /** The response whose audio the server transcribes next. */
    private RealtimeResponse lastAudio;

    /**
     * Makes {@code response} the running one.
     *
     * @throws IllegalStateException while another response runs
     */
    synchronized void start(RealtimeResponse response, boolean withAudio) {
        if (current != null && current.isRunning()) {
            throw new IllegalStateException("a response is still running in this conversation: cancel it first");
        }
        current = response;
        awaitingCreated.add(response);
        if (withAudio) {
            lastAudio = response;
        }
    }

    /** The response that runs now, if any. */
    synchronized Optional<RealtimeResponse> running() {
        return current != null && current.isRunning() ? Optional.of(current) : Optional.empty();
    }

    /** Takes the running response out of the routing (it is about to fail: no response.created will name it). */
    synchronized Optional<RealtimeResponse> detachRunning() {
        Optional<RealtimeResponse> r = running();
        r.ifPresent(awaitingCreated::remove);
        return r;
    }

    /** {@code response} was cancelled: nothing more is routed to it. */
    synchronized void cancelled(RealtimeResponse response) {
        if (current == response) {
            current = null;
        }
        response.responseId().ifPresent(ignored::add);
    }

    /**
     * {@code response.created} named {@code id}: the response it answers, empty when no running call asked for it
     * (its events are then dropped).
     */
    synchronized Optional<RealtimeResponse> created(String id) {
        RealtimeResponse r = awaitingCreated.poll();
        if (r == null || !r.isRunning()) {
            ignored.add(id);
            return Optional.ofNullable(r);
        }
        r.created(id);
        return Optional.of(r);
    }

    /** The running response an event with {@code responseId} (null when the event has none) belongs to. */
    synchronized Optional<RealtimeResponse> route(String responseId) {
        if (responseId != null && ignored.contains(responseId)) {
            return Optional.empty();
        }
        Optional<RealtimeResponse> r = running();
        if (r.isPresent() && responseId != null) {
            Optional<String> id = r.get().responseId();
            if (id.isPresent() && !id.get().equals(responseId)) {
                return Optional.empty();
            }
        }
        return r;
    }

    /** {@code response.done} for {@code id}: forgets an ignored id; true when it was one. */
    synchronized boolean doneIgnored(String id) {
        return id != null && ignored.remove(id);
    }

    /** The response whose input audio was sent last (the server's transcription of it belongs there). */
    synchronized Optional<RealtimeResponse> lastAudio() {
        return Optional.ofNullable(lastAudio);
    }
}
