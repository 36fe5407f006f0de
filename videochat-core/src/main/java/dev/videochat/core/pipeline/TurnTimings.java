package dev.videochat.core.pipeline;

import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a turn measures as it runs, written by the stage that knows each figure and read once the turn ends: the
 * ASR time, the LLM's first delta and rate, the TTS's first audio, when the first packet was done and its first
 * segment cut, each packet's clock (also what was played, for the history after a cancel) and metrics.
 */
final class TurnTimings {

    /** When the turn started ({@link System#nanoTime()}); every duration is measured from here. */
    final long startNanos = System.nanoTime();
    /** The packets sent to TTS, in order. */
    final List<PacketClock> clocks = new CopyOnWriteArrayList<>();
    private final List<PacketMetrics> packets = Collections.synchronizedList(new ArrayList<>());
    volatile long asrNanos;
    volatile Duration llmFirstDelta;
    volatile double llmTokensPerSecond;
    volatile Duration ttsFirstAudio;
    private volatile long firstSegmentAt;
    private volatile long firstPacketDoneAt;

    /** The muxer cut a segment (mux thread). */
    void segmentCut() {
        if (firstSegmentAt == 0) {
            firstSegmentAt = System.nanoTime();
        }
    }

    /** A packet's media was all written and cut (mux thread); returns its metrics. */
    PacketMetrics packetDone(PacketClock clock, long doneAt, int sampleRate) {
        if (firstPacketDoneAt == 0) {
            firstPacketDoneAt = doneAt;
        }
        PacketMetrics metrics = clock.metrics(startNanos, doneAt, sampleRate);
        packets.add(metrics);
        return metrics;
    }

    /** The turn's metrics so far. */
    TurnMetrics metrics(String turnId) {
        long now = System.nanoTime();
        Optional<Duration> firstPacket = Optional.empty();
        if (firstSegmentAt != 0) {
            firstPacket = Optional.of(Duration.ofNanos(firstSegmentAt - startNanos));
        } else if (firstPacketDoneAt != 0) {
            firstPacket = Optional.of(Duration.ofNanos(firstPacketDoneAt - startNanos));
        }
        List<PacketMetrics> done;
        synchronized (packets) {
            done = List.copyOf(packets);
        }
        return new TurnMetrics(turnId, done, Duration.ofNanos(asrNanos), Optional.ofNullable(llmFirstDelta),
                llmTokensPerSecond, Optional.ofNullable(ttsFirstAudio), firstPacket, Duration.ofNanos(now - startNanos));
    }
}
