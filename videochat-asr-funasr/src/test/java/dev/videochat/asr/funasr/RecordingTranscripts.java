package dev.videochat.asr.funasr;

import dev.videochat.api.asr.Transcript;
import dev.videochat.api.asr.TranscriptHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Keeps every callback of a streaming recognition, in order. */
final class RecordingTranscripts implements TranscriptHandler {

    final List<String> partials = new CopyOnWriteArrayList<>();
    final List<Transcript> finals = new CopyOnWriteArrayList<>();
    /** Counts down on the first partial. */
    final CountDownLatch firstPartial = new CountDownLatch(1);

    @Override
    public void onPartial(String text) {
        partials.add(text);
        firstPartial.countDown();
    }

    @Override
    public void onFinal(Transcript transcript) {
        finals.add(transcript);
    }

    List<String> finalTexts() {
        return finals.stream().map(Transcript::text).toList();
    }

    int callbacks() {
        return partials.size() + finals.size();
    }
}
