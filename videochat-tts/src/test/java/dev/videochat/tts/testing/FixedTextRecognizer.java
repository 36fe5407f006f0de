package dev.videochat.tts.testing;

import dev.videochat.api.Call;
import dev.videochat.api.asr.RecognitionSession;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.asr.TranscriptHandler;
import dev.videochat.api.audio.AudioChunk;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A speech recognizer for tests that "hears" a fixed text in any clip and records the clips it was given, so a
 * test can check what an engine asked of its ASR collaborator. 16 kHz.
 */
public final class FixedTextRecognizer implements SpeechRecognizer {

    private final String text;
    /** Every clip passed to {@link #transcribe(AudioChunk)}, in order. */
    public final List<AudioChunk> clips = new CopyOnWriteArrayList<>();
    /** Whether {@link #close()} was called. */
    public volatile boolean closed;

    public FixedTextRecognizer(String text) {
        this.text = text;
    }

    @Override
    public String name() {
        return "fixed-text";
    }

    @Override
    public int sampleRate() {
        return 16_000;
    }

    @Override
    public Call<Transcript> transcribe(AudioChunk clip) {
        if (clip.isEmpty() || clip.sampleRate() != sampleRate()) {
            throw new IllegalArgumentException("expected a non-empty 16000 Hz clip, got " + clip);
        }
        clips.add(clip);
        CompletableFuture<Transcript> done = CompletableFuture.completedFuture(
                new Transcript(text, "zh", clip.duration()));
        return new Call<>() {
            @Override
            public CompletableFuture<Transcript> result() {
                return done;
            }

            @Override
            public void cancel() {
            }
        };
    }

    @Override
    public RecognitionSession open(TranscriptHandler handler) {
        throw new UnsupportedOperationException("only whole clips are transcribed in these tests");
    }

    @Override
    public void close() {
        closed = true;
    }
}
