package dev.videochat.core.pipeline;

import dev.videochat.api.text.TextPacket;
import dev.videochat.api.turn.PacketMetrics;

import java.time.Duration;

/**
 * The timestamps of one packet, written by the stage threads in turn (each hand-over goes through a queue, which
 * orders the writes) and read by the mux stage when the packet is done. Times are {@link System#nanoTime()}.
 */
final class PacketClock {

    /** The packet; a speech-to-speech packet gets its text only when it is cut (see {@link SpokenSource}). */
    volatile TextPacket packet;
    final long llmNanos;
    volatile long ttsStart;
    volatile long ttsEnd;
    volatile long thgStart;
    volatile long thgEnd;
    volatile long muxNanos;
    /** Audio samples written to the muxer (at the session's rate). */
    volatile long samples;
    /** Audio samples the synthesizer produced for this packet so far (at the session's rate). */
    volatile long synthesizedSamples;
    /** Whether the packet's media was written in full and its segment cut. */
    volatile boolean muxed;

    PacketClock(TextPacket packet, long llmNanos) {
        this.packet = packet;
        this.llmNanos = llmNanos;
    }

    PacketMetrics metrics(long turnStart, long doneAt, int sampleRate) {
        return new PacketMetrics(packet.index(), packet.text(),
                Duration.ofNanos(Math.round(samples * 1e9 / sampleRate)),
                Duration.ofNanos(llmNanos),
                span(ttsStart, ttsEnd),
                span(thgStart, thgEnd),
                Duration.ofNanos(muxNanos),
                Duration.ofNanos(doneAt - turnStart));
    }

    private static Duration span(long from, long to) {
        return from == 0 || to < from ? Duration.ZERO : Duration.ofNanos(to - from);
    }
}
