package dev.videochat.core.testing;

import dev.videochat.api.Call;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.Stage;
import dev.videochat.api.asr.RecognitionSession;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.asr.TranscriptHandler;
import dev.videochat.api.audio.AudioChunk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A recognizer at 16 kHz that hears a fixed text, or fails: either by throwing from {@code transcribe} itself or
 * by ending its call with an error. Records every clip it was given, and whether it was closed.
 */
public final class SimulatedRecognizer implements SpeechRecognizer {

    /** How {@link #transcribe} behaves. */
    public enum Behaviour { HEARS, THROWS, FAILS_ITS_CALL }

    private final String text;
    private final Behaviour behaviour;
    /** Every clip passed to {@link #transcribe(AudioChunk)}, in order. */
    public final List<AudioChunk> clips = new CopyOnWriteArrayList<>();
    /** Whether {@link #close()} was called. */
    public volatile boolean closed;

    private SimulatedRecognizer(String text, Behaviour behaviour) {
        this.text = text;
        this.behaviour = behaviour;
    }

    /** Hears {@code text} in every clip. */
    public static SimulatedRecognizer hearing(String text) {
        return new SimulatedRecognizer(text, Behaviour.HEARS);
    }

    /** Fails every clip, in the way {@code behaviour} says. */
    public static SimulatedRecognizer failing(Behaviour behaviour) {
        return new SimulatedRecognizer("", behaviour);
    }

    @Override
    public String name() {
        return "simulated-asr";
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
        if (behaviour == Behaviour.THROWS) {
            throw new IllegalStateException("simulated recognizer crash");
        }
        return new SimulatedCall<>("simulated-asr", call -> {
            if (behaviour == Behaviour.FAILS_ITS_CALL) {
                throw new VideoChatException(Stage.ASR, name(), "simulated model failure on a "
                        + clip.sampleCount() + "-sample clip");
            }
            return new Transcript(text, "en", clip.duration());
        });
    }

    @Override
    public RecognitionSession open(TranscriptHandler handler) {
        throw new UnsupportedOperationException("streaming recognition is not simulated");
    }

    @Override
    public void close() {
        closed = true;
    }
}
