package dev.videochat.core.testing;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.s2s.SpeechCall;
import dev.videochat.api.s2s.SpeechConversation;
import dev.videochat.api.s2s.SpeechHandler;
import dev.videochat.api.s2s.SpeechResult;
import dev.videochat.api.s2s.SpeechToSpeechModel;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A speech-to-speech model that answers every turn with the same words: for each word, its transcript delta, then
 * 100 ms of a 24 kHz tone per character. Before the word at {@link #gateAt} it waits (up to 10 s) for
 * {@link #gate}; an answer {@code endless} waits there until cancelled. Records what it was asked, cancels and
 * truncations.
 */
public final class SimulatedSpeechModel implements SpeechToSpeechModel {

    public static final int RATE = 24_000;

    private final List<String> words;
    private final int gateAt;
    public final CountDownLatch gate = new CountDownLatch(1);
    public final List<String> instructions = new CopyOnWriteArrayList<>();
    public final List<String> texts = new CopyOnWriteArrayList<>();
    public final List<Integer> audioSamples = new CopyOnWriteArrayList<>();
    public final List<Duration> truncations = new CopyOnWriteArrayList<>();
    public final CountDownLatch cancelled = new CountDownLatch(1);
    public final CompletableFuture<Void> closed = new CompletableFuture<>();

    /** @param gateAt the word before which the answer waits for {@link #gate}, or -1 */
    public SimulatedSpeechModel(List<String> words, int gateAt) {
        this.words = List.copyOf(words);
        this.gateAt = gateAt;
    }

    @Override
    public String name() {
        return "simulated-s2s";
    }

    @Override
    public SpeechConversation open(Optional<String> system) {
        instructions.add(system.orElse(""));
        return new SpeechConversation() {
            @Override
            public int outputSampleRate() {
                return RATE;
            }

            @Override
            public SpeechCall respond(Optional<AudioChunk> audio, Optional<String> text, SpeechHandler handler) {
                text.ifPresent(texts::add);
                audio.ifPresent(a -> audioSamples.add(a.sampleCount()));
                long start = System.nanoTime();
                SimulatedCall<SpeechResult> call = new SimulatedCall<>("simulated-s2s", self -> {
                    StringBuilder said = new StringBuilder();
                    long samples = 0;
                    long first = 0;
                    try {
                        for (int i = 0; i < words.size(); i++) {
                            if (i == gateAt && !gate.await(10, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the gate before word " + i + " never opened");
                            }
                            String w = words.get(i);
                            self.send(() -> handler.onTranscript(w));
                            said.append(w);
                            short[] pcm = new short[w.length() * RATE / 10];
                            for (int k = 0; k < pcm.length; k++) {
                                pcm[k] = (short) (6000 * Math.sin(2 * Math.PI * 180 * k / RATE));
                            }
                            self.send(() -> handler.onAudio(new AudioChunk(pcm, RATE)));
                            if (first == 0) {
                                first = System.nanoTime();
                            }
                            samples += pcm.length;
                        }
                    } finally {
                        if (self.isCancelled()) {
                            cancelled.countDown();
                        }
                    }
                    handler.onUserTranscript(text.orElse("what the user said"));
                    return new SpeechResult(said.toString(), Optional.of(text.orElse("what the user said")),
                            Optional.of(Duration.ofNanos(first - start)), samples);
                });
                return new SpeechCall() {
                    @Override
                    public void truncate(Duration played) {
                        truncations.add(played);
                    }

                    @Override
                    public CompletionStage<SpeechResult> result() {
                        return call.result();
                    }

                    @Override
                    public void cancel() {
                        call.cancel();
                    }
                };
            }

            @Override
            public void close() {
                closed.complete(null);
            }
        };
    }
}
