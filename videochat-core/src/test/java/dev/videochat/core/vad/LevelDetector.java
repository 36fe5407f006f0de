package dev.videochat.core.vad;

import dev.videochat.api.vad.VadStream;
import dev.videochat.api.vad.VoiceActivityDetector;

/**
 * A detector whose "speech probability" is the frame's mean sample value divided by 10,000 (clamped to 0..1), so a
 * test writes probabilities straight into the audio: a stretch of samples at 8,000 reads as 0.8. Frames of 160
 * samples (10 ms) at 16 kHz, so every default duration is a whole number of frames.
 */
final class LevelDetector implements VoiceActivityDetector {

    static final int RATE = 16_000;
    static final int FRAME = 160;

    int opened;
    int closed;
    int resets;

    @Override
    public String name() {
        return "level";
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public int frameSamples() {
        return FRAME;
    }

    @Override
    public VadStream open() {
        opened++;
        return new VadStream() {
            @Override
            public float speechProbability(short[] frame) {
                if (frame.length != FRAME) {
                    throw new IllegalArgumentException("frame of " + frame.length + " samples, expected " + FRAME);
                }
                long sum = 0;
                for (short s : frame) {
                    sum += s;
                }
                return Math.max(0f, Math.min(1f, sum / (float) FRAME / 10_000f));
            }

            @Override
            public void reset() {
                resets++;
            }

            @Override
            public void close() {
                closed++;
            }
        };
    }

    @Override
    public void close() {
    }
}
