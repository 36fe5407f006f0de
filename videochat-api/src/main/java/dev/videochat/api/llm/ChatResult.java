package dev.videochat.api.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * The summary of a finished chat completion.
 *
 * @param text              the whole answer text
 * @param finishReason      why generation stopped as the server said ({@code "stop"}, {@code "length"}, ...),
 *                          or {@code "unknown"}
 * @param timeToFirstDelta  from sending the request to the first answer delta
 * @param total             from sending the request to the end of the stream
 * @param deltaCount        how many answer deltas arrived
 * @param completionTokens  the tokens the server reported generating, or -1 when it did not say
 */
public record ChatResult(String text, String finishReason, Duration timeToFirstDelta, Duration total,
                         int deltaCount, int completionTokens) {

    public ChatResult {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(timeToFirstDelta, "timeToFirstDelta");
        Objects.requireNonNull(total, "total");
    }

    /**
     * Generation speed after the first delta, in tokens per second: the server's token count when it gave one,
     * otherwise the delta count (one delta is usually one token). 0 when nothing was generated.
     */
    public double tokensPerSecond() {
        int tokens = completionTokens >= 0 ? completionTokens : deltaCount;
        double seconds = total.minus(timeToFirstDelta).toNanos() / 1e9;
        if (tokens <= 1 || seconds <= 0) {
            return 0;
        }
        return (tokens - 1) / seconds;
    }
}
