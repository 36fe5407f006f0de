package dev.videochat.core.testing;

import dev.videochat.api.Call;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A TTS engine that "speaks" a 220 Hz tone, {@link #msPerCharacter} per code point, in 100 ms chunks at
 * {@link #sampleRate}. Each synthesis can cost a fixed time per chunk, wait for a gate, or fail when the text holds
 * a marker. Logs {@code tts start N} and {@code tts end N} (N counts syntheses from 0), and
 * {@code tts interrupted N} when a cancel interrupts synthesis {@code N} mid-way.
 */
public final class SimulatedSynthesizer implements SpeechSynthesizer {

    public static final Voice VOICE = new Voice("tone", "en");

    private final int sampleRate;
    private final int msPerCharacter;
    private final Duration costPerChunk;
    private final StageLog log;
    private final AtomicInteger calls = new AtomicInteger();
    public final List<String> texts = new CopyOnWriteArrayList<>();
    private volatile IntFunction<CountDownLatch> gates = i -> null;
    private volatile IntFunction<CountDownLatch> midGates = i -> null;
    private volatile String failMarker;

    public SimulatedSynthesizer(int sampleRate, int msPerCharacter, Duration costPerChunk, StageLog log) {
        this.sampleRate = sampleRate;
        this.msPerCharacter = msPerCharacter;
        this.costPerChunk = costPerChunk;
        this.log = log;
    }

    /** Synthesis {@code i} waits (up to 10 s) for {@code gates.apply(i)} before finishing, if not null. */
    public SimulatedSynthesizer gateBeforeEnd(IntFunction<CountDownLatch> gates) {
        this.gates = gates;
        return this;
    }

    /**
     * Synthesis {@code i} waits (up to 10 s) for {@code gates.apply(i)} right after its first chunk, if not null.
     * The function runs on the engine's own worker thread, so a test may capture that thread there.
     */
    public SimulatedSynthesizer blockAfterFirstChunk(IntFunction<CountDownLatch> gates) {
        this.midGates = gates;
        return this;
    }

    /** Texts containing {@code marker} fail. */
    public SimulatedSynthesizer failOn(String marker) {
        this.failMarker = marker;
        return this;
    }

    @Override
    public String name() {
        return "simulated-tts";
    }

    @Override
    public List<Voice> voices() {
        return List.of(VOICE);
    }

    @Override
    public Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text must not be blank");
        }
        int index = calls.getAndIncrement();
        texts.add(text);
        long start = System.nanoTime();
        return new SimulatedCall<>("simulated-tts", call -> {
            log.add("tts start " + index);
            if (failMarker != null && text.contains(failMarker)) {
                throw new VideoChatException(Stage.TTS, name(), "cannot say '" + failMarker + "'");
            }
            int total = text.codePointCount(0, text.length()) * msPerCharacter * sampleRate / 1000;
            int chunk = sampleRate / 10;
            long first = 0;
            for (int at = 0; at < total; at += chunk) {
                Simulated.work(costPerChunk);
                short[] s = new short[Math.min(chunk, total - at)];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 220 * (at + i) / sampleRate));
                }
                AudioChunk audio = new AudioChunk(s, sampleRate);
                call.send(() -> handler.onAudio(audio));
                if (first == 0) {
                    first = System.nanoTime();
                    awaitMidGate(index);
                }
            }
            CountDownLatch gate = gates.apply(index);
            if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate before the end of synthesis " + index + " never opened");
            }
            log.add("tts end " + index);
            return new SynthesisResult(sampleRate, total, Duration.ofNanos((first == 0 ? System.nanoTime() : first) - start));
        });
    }

    private void awaitMidGate(int index) throws InterruptedException {
        CountDownLatch gate = midGates.apply(index);
        try {
            if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate inside synthesis " + index + " never opened");
            }
        } catch (InterruptedException e) {
            log.add("tts interrupted " + index);
            throw e;
        }
    }
}
