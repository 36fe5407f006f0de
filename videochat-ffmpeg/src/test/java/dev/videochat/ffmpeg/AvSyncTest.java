package dev.videochat.ffmpeg;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A beep and a white frame are written at the same instants in packets of uneven length, as the pipeline writes
 * them; after 60 s of media, decoded back, each beep still starts within one frame of its white frame.
 */
class AvSyncTest {

    private static final int W = 32;
    private static final int H = 32;
    private static final int FPS = 25;
    private static final int RATE = 16_000;

    @Test
    void beepsAndWhiteFramesStayWithinOneFrameAfterAMinute(@TempDir Path dir) {
        List<MediaSegment> segments = new ArrayList<>();
        List<Double> marks = new ArrayList<>();
        long samples = 0;
        long frames = 0;
        try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("output-dir", dir.toString(), "outputs", "mp4"))) {
            MuxSession mux = muxer.open(new MediaFormat(W, H, PixelFormat.RGB24, FPS, RATE), segments::add);
            int packet = 0;
            while (samples < 60L * RATE) {
                // Packets of 1.37 s to 2.9 s: lengths that are not whole frames, so rounding must carry over.
                int length = 21_920 + (packet * 7_919) % 24_480;
                short[] pcm = new short[length];
                int beepAt = length / 3;
                for (int i = beepAt; i < beepAt + 400; i++) {
                    pcm[i] = (short) (12_000 * Math.sin(2 * Math.PI * 1000 * (i - beepAt) / RATE));
                }
                marks.add((samples + beepAt) / (double) RATE);
                long owed = FrameClock.framesFor(samples + length, RATE, FPS) - frames;
                mux.writeAudio(new AudioChunk(pcm, RATE));
                for (int f = 0; f < owed; f++) {
                    double start = (frames) / (double) FPS;
                    double mark = (samples + beepAt) / (double) RATE;
                    boolean white = mark >= start - 0.5 / FPS && mark < start + 0.5 / FPS;
                    byte[] px = new byte[W * H * 3];
                    java.util.Arrays.fill(px, (byte) (white ? 255 : 0));
                    mux.writeVideo(VideoFrame.of(W, H, PixelFormat.RGB24, frames, px));
                    frames++;
                }
                samples += length;
                mux.endPacket();
                packet++;
            }
            mux.close();
        }
        Path mp4 = segments.stream().filter(s -> s.format() == ContainerFormat.MP4).findFirst().orElseThrow()
                .file().orElseThrow();
        AudioChunk audio = AudioFiles.decode(mp4, RATE);
        List<Double> beeps = new ArrayList<>();
        for (int i = 1; i < audio.sampleCount(); i++) {
            if (Math.abs(audio.sample(i)) > 4000 && (beeps.isEmpty() || i / (double) RATE - beeps.get(beeps.size() - 1) > 0.5)) {
                beeps.add(i / (double) RATE);
            }
        }
        List<Double> whites = new ArrayList<>();
        VideoFiles.decode(mp4, (frame, seconds) -> {
            if ((frame.pixels().get(0) & 0xFF) > 200) {
                whites.add(seconds);
            }
        });
        assertEquals(marks.size(), beeps.size(), "every beep is heard");
        assertEquals(marks.size(), whites.size(), "every white frame is seen");
        assertTrue(samples >= 60L * RATE);
        for (int i = 0; i < marks.size(); i++) {
            double gap = Math.abs(beeps.get(i) - whites.get(i));
            assertTrue(gap <= 1.0 / FPS, "beep " + i + " at " + beeps.get(i) + " s, white frame at " + whites.get(i)
                    + " s: " + gap * 1000 + " ms apart");
        }
    }
}
