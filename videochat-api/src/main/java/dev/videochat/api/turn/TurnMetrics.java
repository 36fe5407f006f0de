package dev.videochat.api.turn;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The timings of a whole turn.
 *
 * @param turnId             the turn
 * @param packets            each packet that reached the sinks, in order
 * @param asr                time spent recognizing the user's audio ({@link Duration#ZERO} for text turns)
 * @param llmFirstDelta      from the LLM request to its first delta, when an LLM ran and answered
 * @param llmTokensPerSecond the LLM's generation speed after its first delta, 0 when unknown
 * @param ttsFirstAudio      from the first synthesis request to its first audio, when any audio came
 * @param firstPacketLatency from the user's input to the first playable segment, when one was produced
 * @param total              from the user's input to the end of the turn
 */
public record TurnMetrics(String turnId, List<PacketMetrics> packets, Duration asr,
                          Optional<Duration> llmFirstDelta, double llmTokensPerSecond,
                          Optional<Duration> ttsFirstAudio, Optional<Duration> firstPacketLatency, Duration total) {

    public TurnMetrics {
        Objects.requireNonNull(turnId, "turnId");
        packets = List.copyOf(packets);
        Objects.requireNonNull(asr, "asr");
        Objects.requireNonNull(llmFirstDelta, "llmFirstDelta");
        Objects.requireNonNull(ttsFirstAudio, "ttsFirstAudio");
        Objects.requireNonNull(firstPacketLatency, "firstPacketLatency");
        Objects.requireNonNull(total, "total");
    }

    /** The total playing time of all packets. */
    public Duration mediaDuration() {
        return packets.stream().map(PacketMetrics::media).reduce(Duration.ZERO, Duration::plus);
    }
}
