package dev.videochat.api.s2s;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished speech-to-speech response.
 *
 * @param transcript     the whole transcript of the answer
 * @param userTranscript what the model heard the user say, when it said
 * @param firstAudio     from the request to the first audio chunk, when any came
 * @param audioSamples   samples of answer audio, at the conversation's output rate
 */
public record SpeechResult(String transcript, Optional<String> userTranscript, Optional<Duration> firstAudio,
                           long audioSamples) {

    public SpeechResult {
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(userTranscript, "userTranscript");
        Objects.requireNonNull(firstAudio, "firstAudio");
        if (audioSamples < 0) {
            throw new IllegalArgumentException("audioSamples must be >= 0, got " + audioSamples);
        }
    }
}
