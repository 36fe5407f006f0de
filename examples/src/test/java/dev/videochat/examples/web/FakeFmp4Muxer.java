package dev.videochat.examples.web;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.media.SegmentSink;
import dev.videochat.api.video.VideoFrame;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A muxer that encodes nothing but cuts segments shaped like a fragmented MP4 stream: an init segment at open
 * (holding an {@code avcC} box for profile 0x42, level 0x1e, and an {@code mp4a} entry), then a fragment per
 * packet whose bytes read {@code fragment N samples=S frames=F;}.
 */
final class FakeFmp4Muxer implements Muxer {

    static final byte[] INIT = init();

    @Override
    public String name() {
        return "fake-fmp4";
    }

    @Override
    public MuxSession open(MediaFormat format, SegmentSink sink) {
        sink.onSegment(new MediaSegment(0, ContainerFormat.FMP4_INIT, Duration.ZERO, Duration.ZERO, INIT,
                Optional.empty()));
        return new MuxSession() {
            long samples;
            long frames;
            long cutSamples;
            long sequence = 1;

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
                frames++;
            }

            @Override
            public void endPacket() {
                byte[] data = ("fragment " + sequence + " samples=" + samples + " frames=" + frames + ";")
                        .getBytes(StandardCharsets.US_ASCII);
                Duration start = Duration.ofNanos(cutSamples * 1_000_000_000L / format.sampleRate());
                Duration length = Duration.ofNanos((samples - cutSamples) * 1_000_000_000L / format.sampleRate());
                cutSamples = samples;
                sink.onSegment(new MediaSegment(sequence++, ContainerFormat.FMP4_FRAGMENT, start, length, data,
                        Optional.empty()));
            }

            @Override
            public void close() {
            }
        };
    }

    private static byte[] init() {
        byte[] head = "....ftypiso6....moov....avc1....avcC".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "....mp4a".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + 4 + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        out[head.length] = 1;          // configurationVersion
        out[head.length + 1] = 0x42;   // profile: baseline
        out[head.length + 2] = (byte) 0xc0;
        out[head.length + 3] = 0x1e;   // level 3.0
        System.arraycopy(tail, 0, out, head.length + 4, tail.length);
        return out;
    }
}
