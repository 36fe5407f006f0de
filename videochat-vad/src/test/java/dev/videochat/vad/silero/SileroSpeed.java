package dev.videochat.vad.silero;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.vad.VadStream;
import dev.videochat.core.audio.Resampler;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.vad.EndpointerOptions;
import dev.videochat.core.vad.SpeechEndpointer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Measures the real model's cost per 32 ms frame on one thread (not a test: run it by hand, see the module README).
 * Arguments: the model file and a 16 kHz WAV clip, fed in a loop.
 */
public final class SileroSpeed {

    private static final int WARM_UP_FRAMES = 2_000;
    private static final int MEASURED_FRAMES = 20_000;

    private SileroSpeed() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        AudioChunk clip = Wav.read(Path.of(args[1]));
        try (SileroVad vad = SileroVad.load(model)) {
            detectorAlone(vad, clip);
            endpointerAt48kHz(vad, clip);
        }
    }

    private static void detectorAlone(SileroVad vad, AudioChunk clip) {
        int framesInClip = clip.sampleCount() / 512;
        short[] frame = new short[512];
        long[] nanos = new long[MEASURED_FRAMES];
        try (VadStream stream = vad.open()) {
            for (int f = 0; f < WARM_UP_FRAMES + MEASURED_FRAMES; f++) {
                int at = (f % framesInClip) * 512;
                for (int i = 0; i < 512; i++) {
                    frame[i] = clip.sample(at + i);
                }
                long t0 = System.nanoTime();
                stream.speechProbability(frame);
                long t1 = System.nanoTime();
                if (f >= WARM_UP_FRAMES) {
                    nanos[f - WARM_UP_FRAMES] = t1 - t0;
                }
            }
        }
        long total = Arrays.stream(nanos).sum();
        Arrays.sort(nanos);
        System.out.printf("detector alone: %d frames, mean %.3f ms, p50 %.3f ms, p99 %.3f ms per 32 ms frame "
                        + "(%.0fx real time on one thread)%n", MEASURED_FRAMES, total / 1e6 / MEASURED_FRAMES,
                nanos[MEASURED_FRAMES / 2] / 1e6, nanos[MEASURED_FRAMES * 99 / 100] / 1e6,
                32.0 / (total / 1e6 / MEASURED_FRAMES));
    }

    private static void endpointerAt48kHz(SileroVad vad, AudioChunk clip) {
        AudioChunk at48 = Resampler.convert(clip, 48_000);
        int chunk = 960; // 20 ms, a typical WebRTC packet
        SpeechEndpointer.Listener quiet = new SpeechEndpointer.Listener() {
            @Override
            public void speechStarted(Duration at) {
            }

            @Override
            public void speechEnded(AudioChunk utterance, Duration start, Duration end) {
            }
        };
        try (SpeechEndpointer endpointer = new SpeechEndpointer(vad, EndpointerOptions.defaults(), quiet)) {
            long fed = 0;
            long t0 = 0;
            int rounds = 12;
            for (int round = 0; round < rounds; round++) {
                if (round == 2) {
                    t0 = System.nanoTime();
                    fed = 0;
                }
                for (int at = 0; at + chunk <= at48.sampleCount(); at += chunk) {
                    endpointer.accept(at48.slice(at, at + chunk));
                    fed += chunk;
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            double audioMs = fed * 1000.0 / 48_000;
            System.out.printf("endpointer, 48 kHz input in 20 ms chunks: %.3f ms per 32 ms of audio "
                    + "(resampling + detection + end-pointing)%n", ms / (audioMs / 32));
        }
    }
}
