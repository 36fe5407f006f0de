package dev.videochat.core.tts;

import dev.videochat.api.Call;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test engine that "speaks" a constant sample value, {@code samplesPerChar} per code point in one chunk, on a
 * thread of its own per synthesis, so a test can tell from the audio which engine spoke which part. It records
 * the texts and voices it was given, and whether a call of it was cancelled.
 */
final class LevelSynthesizer implements SpeechSynthesizer {

    final List<String> texts = new CopyOnWriteArrayList<>();
    final List<Voice> voicesUsed = new CopyOnWriteArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();
    private final String name;
    private final List<Voice> voices;
    private final short level;
    private final int sampleRate;
    private final int samplesPerChar;
    private volatile String failOn;

    LevelSynthesizer(String name, short level, int sampleRate, int samplesPerChar, Voice... voices) {
        this.name = name;
        this.level = level;
        this.sampleRate = sampleRate;
        this.samplesPerChar = samplesPerChar;
        this.voices = List.of(voices);
    }

    LevelSynthesizer failOn(String marker) {
        this.failOn = marker;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    @Override
    public Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("blank");
        }
        texts.add(text);
        voicesUsed.add(voice);
        CompletableFuture<SynthesisResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                if (failOn != null && text.contains(failOn)) {
                    throw new IllegalStateException(name + " cannot say " + failOn);
                }
                short[] samples = new short[text.codePointCount(0, text.length()) * samplesPerChar];
                Arrays.fill(samples, level);
                handler.onAudio(new AudioChunk(samples, sampleRate));
                result.complete(new SynthesisResult(sampleRate, samples.length, Duration.ZERO));
            } catch (InterruptedException e) {
                result.completeExceptionally(new CancellationException("interrupted"));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "level-" + name);
        thread.setDaemon(true);
        thread.start();
        return new Call<>() {
            @Override
            public CompletionStage<SynthesisResult> result() {
                return result;
            }

            @Override
            public void cancel() {
                cancelled.set(true);
                thread.interrupt();
                result.completeExceptionally(new CancellationException("cancelled"));
            }
        };
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
