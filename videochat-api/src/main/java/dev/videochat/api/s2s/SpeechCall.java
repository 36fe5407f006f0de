package dev.videochat.api.s2s;

import dev.videochat.api.Call;

import java.time.Duration;

/** A response in progress. */
public interface SpeechCall extends Call<SpeechResult> {

    /**
     * Tells the model how much of this response's audio the user actually heard, so that its memory of the
     * conversation holds only that (after a barge-in or a stop). Call it after {@link #cancel()} (or after the end);
     * a no-op when nothing was heard cut short.
     *
     * @param played the audio played, from the start of the response
     */
    void truncate(Duration played);
}
