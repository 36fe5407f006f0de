package dev.videochat.tts.testing;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SynthesisHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Records every chunk it receives, and whether the synthesis's result was already complete at the time, so a
 * test can check streaming by the order of events rather than by timing.
 */
public final class RecordingHandler implements SynthesisHandler {

    private final List<AudioChunk> chunks = new ArrayList<>();
    private final List<Boolean> doneWhenReceived = new ArrayList<>();
    private volatile CompletableFuture<?> result = new CompletableFuture<>();
    private volatile Consumer<Integer> onChunk = index -> { };

    /** Watches {@code future}, the result of the call this handler serves. */
    public void watch(CompletionStage<?> future) {
        result = future.toCompletableFuture();
    }

    /** Runs {@code action} with each chunk's index (0 for the first) after recording it. */
    public RecordingHandler onChunk(Consumer<Integer> action) {
        onChunk = action;
        return this;
    }

    @Override
    public synchronized void onAudio(AudioChunk chunk) {
        chunks.add(chunk);
        doneWhenReceived.add(result.isDone());
        onChunk.accept(chunks.size() - 1);
    }

    /** The chunks received, in order. */
    public synchronized List<AudioChunk> chunks() {
        return List.copyOf(chunks);
    }

    /** For each chunk, whether the call's result was complete when it arrived. */
    public synchronized List<Boolean> doneWhenReceived() {
        return List.copyOf(doneWhenReceived);
    }

    /** All audio received as one chunk. */
    public synchronized AudioChunk audio() {
        int rate = chunks.isEmpty() ? 16_000 : chunks.get(0).sampleRate();
        return Audio.concat(chunks, rate);
    }
}
