package dev.videochat.benchmarks.sim;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.media.SegmentSink;
import dev.videochat.api.video.VideoFrame;

import java.time.Duration;
import java.util.Optional;

/**
 * Encodes nothing but spends {@link StageCosts#muxPerPacket()} per packet of speech, spread over its frames, and
 * cuts a segment at each packet end.
 */
public final class CostedMuxer implements Muxer {

    private final StageCosts costs;

    public CostedMuxer(StageCosts costs) {
        this.costs = costs;
    }

    @Override
    public String name() {
        return "costed-mux";
    }

    @Override
    public MuxSession open(MediaFormat format, SegmentSink sink) {
        long framesPerPacket = Math.max(1, costs.speechPerPacket().toMillis() * format.fps() / 1000);
        long perFrame = costs.muxPerPacket().toNanos() / framesPerPacket;
        return new MuxSession() {
            private final Pacer pacer = new Pacer();
            private long sequence;
            private long samples;
            private long cutAt;

            @Override
            public MediaFormat format() {
                return format;
            }

            @Override
            public void writeAudio(AudioChunk chunk) {
                samples += chunk.sampleCount();
            }

            @Override
            public void writeVideo(VideoFrame frame) {
                try {
                    pacer.restart().spend(perFrame);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void endPacket() {
                Duration start = Duration.ofNanos(cutAt * 1_000_000_000L / format.sampleRate());
                Duration length = Duration.ofNanos((samples - cutAt) * 1_000_000_000L / format.sampleRate());
                cutAt = samples;
                sink.onSegment(new MediaSegment(sequence++, ContainerFormat.OTHER, start, length, new byte[0],
                        Optional.empty()));
            }

            @Override
            public void close() {
            }
        };
    }
}
