package dev.videochat.core.media;

import dev.videochat.api.ConfigurationException;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FfmpegMuxerTest {

    private static final int W = 64;
    private static final int H = 48;
    private static final int FPS = 25;
    private static final int RATE = 16_000;

    /** One second of a 440 Hz tone and 25 frames whose brightness follows the frame index. */
    private static void writeSecond(MuxSession mux, long firstFrame) {
        short[] tone = new short[RATE];
        for (int i = 0; i < RATE; i++) {
            tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / RATE));
        }
        mux.writeAudio(new AudioChunk(tone, RATE));
        for (int f = 0; f < FPS; f++) {
            byte[] px = new byte[W * H * 3];
            java.util.Arrays.fill(px, (byte) (f * 9));
            mux.writeVideo(VideoFrame.of(W, H, PixelFormat.RGB24, firstFrame + f, px));
        }
    }

    private static Muxer muxer(Path dir, String outputs) {
        return new FfmpegMuxerProvider().create(Map.of("output-dir", dir.toString(), "outputs", outputs));
    }

    @Test
    void eachPacketBecomesATsSegmentAndTheSessionAnMp4OfEveryFrame(@TempDir Path dir) throws Exception {
        List<MediaSegment> segments = new CopyOnWriteArrayList<>();
        try (Muxer muxer = muxer(dir, "ts,hls,mp4")) {
            MuxSession mux = muxer.open(new MediaFormat(W, H, PixelFormat.RGB24, FPS, RATE), segments::add);
            writeSecond(mux, 0);
            mux.endPacket();
            writeSecond(mux, FPS);
            mux.endPacket();
            mux.close();
        }
        List<MediaSegment> ts = segments.stream().filter(s -> s.format() == ContainerFormat.MPEG_TS).toList();
        // One per packet, then the encoders' tail (the last AAC frames) when the session closes.
        assertEquals(3, ts.size());
        for (MediaSegment s : ts.subList(0, 2)) {
            Path file = s.file().orElseThrow();
            List<MediaProbe.Stream> streams = MediaProbe.streams(file);
            assertEquals(2, streams.size(), file + ": " + streams);
            MediaProbe.Stream video = streams.stream().filter(x -> x.type().equals("video")).findFirst().orElseThrow();
            assertEquals("h264", video.codec());
            assertEquals(W, video.width());
        }
        Path session = segments.stream().filter(s -> s.format() == ContainerFormat.MP4).findFirst().orElseThrow()
                .file().orElseThrow();
        List<MediaProbe.Stream> streams = MediaProbe.streams(session);
        MediaProbe.Stream video = streams.stream().filter(x -> x.type().equals("video")).findFirst().orElseThrow();
        MediaProbe.Stream audio = streams.stream().filter(x -> x.type().equals("audio")).findFirst().orElseThrow();
        assertEquals(2 * FPS, video.packets(), "every frame is in the final file");
        assertEquals("aac", audio.codec());
        assertEquals(RATE, audio.sampleRate());
        assertEquals(2.0, video.seconds(), 0.05);
        assertEquals(2.0, audio.seconds(), 0.15);
        String playlist = Files.readString(session.resolveSibling("stream.m3u8"));
        assertTrue(playlist.contains("segment-00000.ts") && playlist.contains("segment-00001.ts")
                && playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
    }

    @Test
    void fragmentedMp4StartsWithAnInitSegmentThenOneFragmentPerCut(@TempDir Path dir) {
        List<MediaSegment> segments = new CopyOnWriteArrayList<>();
        try (Muxer muxer = muxer(dir, "fmp4")) {
            MuxSession mux = muxer.open(new MediaFormat(W, H, PixelFormat.RGB24, FPS, RATE), segments::add);
            writeSecond(mux, 0);
            mux.endPacket();
            writeSecond(mux, FPS);
            mux.endPacket();
            mux.close();
        }
        assertEquals(ContainerFormat.FMP4_INIT, segments.get(0).format());
        String init = new String(segments.get(0).data(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(init.contains("ftyp") && init.contains("moov") && init.contains("avcC"), "init has ftyp, moov, avcC");
        List<MediaSegment> fragments = segments.stream().filter(s -> s.format() == ContainerFormat.FMP4_FRAGMENT)
                .toList();
        assertTrue(fragments.size() >= 2, "fragments: " + fragments);
        String first = new String(fragments.get(0).data(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(first.contains("moof") && first.contains("mdat"));
    }

    @Test
    void oddFrameSizesAreRefusedWithTheReason(@TempDir Path dir) {
        try (Muxer muxer = muxer(dir, "ts")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> muxer.open(new MediaFormat(65, 48, PixelFormat.RGB24, FPS, RATE), s -> { }));
            assertTrue(e.getMessage().contains("even") && e.getMessage().contains("65x48"), e.getMessage());
        }
    }

    @Test
    void badSettingsAndBadFilesGetClearErrors(@TempDir Path dir) throws Exception {
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> new FfmpegMuxerProvider().create(Map.of("outputs", "ts,avi")));
        assertTrue(unknown.getMessage().contains("avi"), unknown.getMessage());
        assertThrows(ConfigurationException.class, () -> new FfmpegMuxerProvider().create(Map.of("outputs", "mp4")));
        Path junk = Files.write(dir.resolve("junk.mp4"), new byte[] {1, 2, 3, 4, 5});
        var e = assertThrows(dev.videochat.api.VideoChatException.class, () -> MediaProbe.streams(junk));
        assertTrue(e.getMessage().contains("junk.mp4"), e.getMessage());
    }
}
