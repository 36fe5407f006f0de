package dev.videochat.benchmarks.sim;

import dev.videochat.api.Call;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;

import java.time.Duration;
import java.util.List;

/** Speaks every packet as {@link StageCosts#speechPerPacket()} of tone at 16 kHz, streamed in 100 ms chunks. */
public final class CostedSynthesizer implements SpeechSynthesizer {

    public static final int RATE = 16_000;
    private final StageCosts costs;

    public CostedSynthesizer(StageCosts costs) {
        this.costs = costs;
    }

    @Override
    public String name() {
        return "costed-tts";
    }

    @Override
    public List<Voice> voices() {
        return List.of(new Voice("tone", "en"));
    }

    @Override
    public Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler) {
        long start = System.nanoTime();
        return new CostedCall<>("costed-tts", call -> {
            int total = (int) (costs.speechPerPacket().toMillis() * RATE / 1000);
            int chunk = RATE / 10;
            int chunks = (total + chunk - 1) / chunk;
            Pacer pacer = new Pacer().restart();
            long first = 0;
            for (int at = 0; at < total; at += chunk) {
                pacer.spend(costs.ttsPerPacket().toNanos() / chunks);
                short[] s = new short[Math.min(chunk, total - at)];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (short) (6000 * Math.sin(2 * Math.PI * 220 * (at + i) / RATE));
                }
                AudioChunk audio = new AudioChunk(s, RATE);
                call.send(() -> handler.onAudio(audio));
                if (first == 0) {
                    first = System.nanoTime();
                }
            }
            return new SynthesisResult(RATE, total, Duration.ofNanos(first - start));
        });
    }
}
