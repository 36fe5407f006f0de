package dev.videochat.ffmpeg;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Decoding video files to frames, as avatar preparation does. */
class VideoFilesTest {

    private static final int FPS = 25;
    private static final int RATE = 16_000;

    /** The TS segments of a session of {@code packets} one-second packets of {@code w x h} frames of one level. */
    private static List<byte[]> segments(int w, int h, int packets, int level) {
        List<byte[]> ts = new ArrayList<>();
        try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("outputs", "ts"))) {
            MuxSession mux = muxer.open(new MediaFormat(w, h, PixelFormat.RGB24, FPS, RATE), segment -> {
                if (segment.format() == ContainerFormat.MPEG_TS) {
                    ts.add(segment.data());
                }
            });
            for (int p = 0; p < packets; p++) {
                mux.writeAudio(AudioChunk.silence(RATE, RATE));
                for (int f = 0; f < FPS; f++) {
                    byte[] px = new byte[w * h * 3];
                    Arrays.fill(px, (byte) level);
                    mux.writeVideo(VideoFrame.of(w, h, PixelFormat.RGB24, (long) p * FPS + f, px));
                }
                mux.endPacket();
            }
            mux.close();
        }
        return ts;
    }

    @Test
    void framesThatChangeSizePartWayAreEachConvertedAtTheirOwnSize(@TempDir Path dir) throws Exception {
        // A stream that changes resolution: a 64x48 segment, then the second segment of a 32x32 stream (so its
        // timestamps go on rather than start again).
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.writeBytes(segments(64, 48, 1, 60).get(0));
        joined.writeBytes(segments(32, 32, 2, 150).get(1));
        Path file = Files.write(dir.resolve("resized.ts"), joined.toByteArray());
        List<String> seen = new ArrayList<>();
        VideoFiles.decode(file, (frame, seconds) -> {
            int centre = ((frame.height() / 2) * frame.width() + frame.width() / 2) * 3;
            int level = frame.pixels().get(centre) & 0xff;
            seen.add(frame.width() + "x" + frame.height() + " " + (Math.abs(level - 60) <= 16 ? "dark"
                    : Math.abs(level - 150) <= 16 ? "bright" : "level " + level));
        });
        List<String> expected = new ArrayList<>();
        expected.addAll(java.util.Collections.nCopies(FPS, "64x48 dark"));
        expected.addAll(java.util.Collections.nCopies(FPS, "32x32 bright"));
        assertEquals(expected, seen);
    }
}
