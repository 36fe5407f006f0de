package dev.videochat.api.tts;

import java.time.Duration;
import java.util.Objects;

/**
 * The summary of a finished synthesis.
 *
 * @param sampleRate      the sample rate of the audio delivered, in Hz
 * @param samples         how many samples were delivered
 * @param timeToFirstAudio from the request to the first audio chunk (the whole time if there was no audio)
 */
public record SynthesisResult(int sampleRate, long samples, Duration timeToFirstAudio) {

    public SynthesisResult {
        Objects.requireNonNull(timeToFirstAudio, "timeToFirstAudio");
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, got " + samples);
        }
    }

    /** How long the delivered audio plays. */
    public Duration audioDuration() {
        return sampleRate <= 0 ? Duration.ZERO : Duration.ofNanos(Math.round(samples * 1e9 / sampleRate));
    }
}
