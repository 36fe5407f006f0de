package dev.videochat.core.vad;

import dev.videochat.api.audio.AudioChunk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Writes down what an endpointer reports, as readable lines ({@code started 1000}, times in ms). */
final class RecordingListener implements SpeechEndpointer.Listener {

    final List<String> events = new ArrayList<>();
    final List<AudioChunk> utterances = new ArrayList<>();

    @Override
    public void speechStarted(Duration at) {
        events.add("started " + at.toMillis());
    }

    @Override
    public void speechEnded(AudioChunk utterance, Duration start, Duration end) {
        events.add("ended " + start.toMillis() + "-" + end.toMillis());
        utterances.add(utterance);
    }

    @Override
    public void speechDiscarded(Duration length) {
        events.add("discarded " + length.toMillis());
    }
}
