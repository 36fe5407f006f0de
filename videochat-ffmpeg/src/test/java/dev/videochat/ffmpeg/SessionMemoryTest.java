package dev.videochat.ffmpeg;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap a session retains does not grow with its length: the session's MP4 is recorded on disk as it goes, and
 * a cut segment is handed on and forgotten. Frames of noise at a high bit rate make each turn's media weigh about
 * a megabyte, so keeping it would show.
 */
class SessionMemoryTest {

    private static final int W = 320;
    private static final int H = 240;
    private static final int FPS = 25;
    private static final int RATE = 16_000;
    /** Retained heap that many more turns may add: the playlist's lines and the collector's slack, not media. */
    private static final long TOLERANCE_BYTES = 4L << 20;
    private static final int TURNS = 16;

    @TempDir
    Path dir;

    @Test
    void manyMoreTurnsRetainNoMoreHeapThanTheFirstFew() {
        byte[][] noise = new byte[8][W * H * 3];
        Random random = new Random(7);
        for (byte[] frame : noise) {
            random.nextBytes(frame);
        }
        long[] frames = {0};
        try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("output-dir", dir.toString(),
                "outputs", "ts,hls,fmp4,mp4", "video-bitrate", "8000000"))) {
            long[] encoded = {0};
            MuxSession mux = muxer.open(new MediaFormat(W, H, PixelFormat.RGB24, FPS, RATE), segment -> {
                if (segment.format() == ContainerFormat.MPEG_TS) {
                    encoded[0] += segment.size();
                }
            });
            Runnable turn = () -> {
                mux.writeAudio(AudioChunk.silence(RATE, RATE));
                for (int f = 0; f < FPS; f++, frames[0]++) {
                    mux.writeVideo(VideoFrame.of(W, H, PixelFormat.RGB24, frames[0], noise[(int) (frames[0] % 8)]));
                }
                mux.endPacket();
            };
            for (int i = 0; i < 4; i++) {
                turn.run();
            }
            long before = retainedHeap();
            long encodedBefore = encoded[0];
            for (int i = 0; i < TURNS; i++) {
                turn.run();
            }
            long grown = retainedHeap() - before;
            long weight = encoded[0] - encodedBefore;
            assertTrue(weight > 3 * TOLERANCE_BYTES, "the turns weigh enough to show: " + weight + " bytes");
            assertTrue(grown < TOLERANCE_BYTES, TURNS + " turns of " + weight / TURNS / 1024 + " KiB each grew the"
                    + " retained heap by " + grown / 1024 + " KiB");
            mux.close();
        }
    }

    private static long retainedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
