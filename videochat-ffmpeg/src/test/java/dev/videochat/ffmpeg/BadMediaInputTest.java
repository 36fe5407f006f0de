package dev.videochat.ffmpeg;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the muxer and the decoders do with input they cannot use: each refuses it with an error that says why. */
class BadMediaInputTest {

    private static final int W = 32;
    private static final int H = 32;
    private static final int FPS = 25;
    private static final int RATE = 16_000;

    private static Muxer muxer(Path dir, String outputs) {
        return new FfmpegMuxerProvider().create(Map.of("output-dir", dir.toString(), "outputs", outputs));
    }

    /** Two seconds of a tone and of frames, as two packets. */
    private static List<MediaSegment> twoPackets(Path dir, String outputs, int rate) {
        List<MediaSegment> segments = new ArrayList<>();
        try (Muxer muxer = muxer(dir, outputs)) {
            MuxSession mux = muxer.open(new MediaFormat(W, H, PixelFormat.RGB24, FPS, rate), segments::add);
            for (int p = 0; p < 2; p++) {
                short[] pcm = new short[rate];
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = (short) (6000 * Math.sin(2 * Math.PI * 440 * i / rate));
                }
                mux.writeAudio(new AudioChunk(pcm, rate));
                for (int f = 0; f < FPS; f++) {
                    byte[] px = new byte[W * H * 3];
                    Arrays.fill(px, (byte) (f * 10));
                    mux.writeVideo(VideoFrame.of(W, H, PixelFormat.RGB24, p * FPS + f, px));
                }
                mux.endPacket();
            }
            mux.close();
        }
        return segments;
    }

    private static Path first(List<MediaSegment> segments, ContainerFormat format) {
        return segments.stream().filter(s -> s.format() == format).findFirst().orElseThrow().file().orElseThrow();
    }

    private static Path firstHalfOf(Path file, Path copy) throws Exception {
        byte[] whole = Files.readAllBytes(file);
        return Files.write(copy, Arrays.copyOf(whole, whole.length / 2));
    }

    @Test
    void emptyAudioIsRefusedByTheMuxSessionWithTheReason(@TempDir Path dir) {
        try (Muxer muxer = muxer(dir, "ts"); MuxSession mux = muxer.open(
                new MediaFormat(W, H, PixelFormat.RGB24, FPS, RATE), s -> { })) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> mux.writeAudio(AudioChunk.silence(0, RATE)));
            assertTrue(e.getMessage().contains("at least 1 sample") && e.getMessage().contains("got 0"),
                    e.getMessage());
        }
    }

    @Test
    void aRateThatAacCannotCarryIsRefusedAtOpenNamingTheRateAndTheRatesItCan(@TempDir Path dir) {
        try (Muxer muxer = muxer(dir, "ts")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> muxer.open(new MediaFormat(W, H, PixelFormat.RGB24, FPS, 10_000), s -> { }));
            assertTrue(e.getMessage().contains("10000 Hz") && e.getMessage().contains("16000")
                    && e.getMessage().contains("resample"), e.getMessage());
        }
    }

    @Test
    void anUncommonRateThatAacDefinesIsEncodedAtThatRate(@TempDir Path dir) {
        Path ts = first(twoPackets(dir, "ts", 11_025), ContainerFormat.MPEG_TS);
        DecodedMedia.Stream audio = DecodedMedia.of(ts).only("audio");
        assertEquals(11_025, audio.sampleRate());
        assertEquals(1.0, audio.samples() / 11_025.0, 3 * 1024 / 11_025.0, "one packet of audio, in samples");
    }

    // A hang guard, not a speed check: decoding a cut file must end, one way or the other.
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aTsSegmentCutInHalfDecodesTheFramesAndAudioItStillHolds(@TempDir Path dir) throws Exception {
        Path whole = first(twoPackets(dir, "ts", RATE), ContainerFormat.MPEG_TS);
        Path half = firstHalfOf(whole, dir.resolve("half.ts"));
        int allFrames = VideoFiles.decode(whole, (frame, seconds) -> { });
        int someFrames = VideoFiles.decode(half, (frame, seconds) -> { });
        assertEquals(FPS, allFrames);
        assertTrue(someFrames > 0 && someFrames < allFrames, "half of a segment of " + allFrames
                + " frames decodes to " + someFrames);
        int someSamples = AudioFiles.decode(half, RATE).sampleCount();
        assertTrue(someSamples > 0 && someSamples < AudioFiles.decode(whole, RATE).sampleCount(),
                "half of the segment holds part of its audio: " + someSamples + " samples");
    }

    // A hang guard, not a speed check: decoding a cut file must end, one way or the other.
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anMp4CutInHalfBeforeItsIndexFailsNamingTheFile(@TempDir Path dir) throws Exception {
        // The session's MP4 is written with its index (moov) at the end, so its first half has none.
        Path half = firstHalfOf(first(twoPackets(dir, "mp4", RATE), ContainerFormat.MP4), dir.resolve("cut.mp4"));
        VideoChatException video = assertThrows(VideoChatException.class,
                () -> VideoFiles.decode(half, (frame, seconds) -> { }));
        assertTrue(video.getMessage().contains("cut.mp4"), video.getMessage());
        VideoChatException audio = assertThrows(VideoChatException.class, () -> AudioFiles.decode(half, RATE));
        assertTrue(audio.getMessage().contains("cut.mp4"), audio.getMessage());
    }

    @Test
    void aCorruptVideoFileIsNamedInTheError(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("junk.mp4"), new byte[] {0, 0, 0, 8, 'j', 'u', 'n', 'k', 1, 2, 3});
        VideoChatException e = assertThrows(VideoChatException.class,
                () -> VideoFiles.decode(junk, (frame, seconds) -> { }));
        assertTrue(e.getMessage().contains("junk.mp4"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.ts"), "not a video at all\n".repeat(200),
                StandardCharsets.US_ASCII);
        VideoChatException t = assertThrows(VideoChatException.class,
                () -> VideoFiles.decode(text, (frame, seconds) -> { }));
        assertTrue(t.getMessage().contains("notes.ts"), t.getMessage());
    }
}
