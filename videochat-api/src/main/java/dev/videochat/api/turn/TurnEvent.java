package dev.videochat.api.turn;

import dev.videochat.api.VideoChatException;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.text.TextPacket;

import java.util.Objects;

/**
 * What happens during a turn, in the order it happens. Every event names its turn. A turn ends with exactly one
 * of {@link Done}, {@link Failed} or {@link Cancelled}.
 */
public sealed interface TurnEvent {

    /** The turn this event belongs to. */
    String turnId();

    /** The user's audio was recognized (only for turns started from audio). */
    record Transcribed(String turnId, Transcript transcript) implements TurnEvent {
        public Transcribed {
            Objects.requireNonNull(turnId, "turnId");
            Objects.requireNonNull(transcript, "transcript");
        }
    }

    /** The chunker cut a packet of the answer; it is on its way to the voice. */
    record PacketReady(String turnId, TextPacket packet) implements TurnEvent {
        public PacketReady {
            Objects.requireNonNull(turnId, "turnId");
            Objects.requireNonNull(packet, "packet");
        }
    }

    /** An encoded segment is ready to play; {@code packetIndex} is the packet it belongs to. */
    record SegmentReady(String turnId, int packetIndex, MediaSegment segment) implements TurnEvent {
        public SegmentReady {
            Objects.requireNonNull(turnId, "turnId");
            Objects.requireNonNull(segment, "segment");
        }
    }

    /** A packet went through every stage; these are its timings. */
    record PacketMetricsReady(String turnId, PacketMetrics metrics) implements TurnEvent {
        public PacketMetricsReady {
            Objects.requireNonNull(turnId, "turnId");
            Objects.requireNonNull(metrics, "metrics");
        }
    }

    /** The turn finished normally. */
    record Done(String turnId, String answer, TurnMetrics metrics) implements TurnEvent {
        public Done {
            Objects.requireNonNull(turnId, "turnId");
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(metrics, "metrics");
        }
    }

    /** A stage failed; the turn stopped, the session goes on. What was produced before stays produced. */
    record Failed(String turnId, VideoChatException error, TurnMetrics metrics) implements TurnEvent {
        public Failed {
            Objects.requireNonNull(turnId, "turnId");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(metrics, "metrics");
        }
    }

    /** The turn was cancelled (stop button or barge-in); segments already cut remain valid. */
    record Cancelled(String turnId, TurnMetrics metrics) implements TurnEvent {
        public Cancelled {
            Objects.requireNonNull(turnId, "turnId");
            Objects.requireNonNull(metrics, "metrics");
        }
    }
}
