package dev.videochat.ffmpeg;

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

import java.nio.ByteBuffer;
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
    /** Samples in one AAC frame. */
    private static final int AAC_FRAME = 1024;

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
    void videoFilesDecodeInTheLayoutAskedFor(@TempDir Path dir) throws Exception {
        List<MediaSegment> segments = new CopyOnWriteArrayList<>();
        try (Muxer muxer = muxer(dir, "mp4")) {
            MuxSession mux = muxer.open(new MediaFormat(W, H, PixelFormat.RGB24, FPS, RATE), segments::add);
            mux.writeAudio(new AudioChunk(new short[RATE], RATE));
            for (int f = 0; f < FPS; f++) {
                byte[] red = new byte[W * H * 3];
                for (int p = 0; p < red.length; p += 3) {
                    red[p] = (byte) 230;
                    red[p + 1] = 20;
                    red[p + 2] = 20;
                }
                mux.writeVideo(VideoFrame.of(W, H, PixelFormat.RGB24, f, red));
            }
            mux.endPacket();
            mux.close();
        }
        Path mp4 = segments.stream().filter(s -> s.format() == ContainerFormat.MP4).findFirst().orElseThrow()
                .file().orElseThrow();
        for (PixelFormat layout : PixelFormat.values()) {
            List<byte[]> middles = new CopyOnWriteArrayList<>();
            VideoFiles.decode(mp4, layout, (frame, seconds) -> {
                assertEquals(layout, frame.format());
                ByteBuffer px = frame.pixels();
                int o = ((H / 2) * W + W / 2) * 3;
                middles.add(new byte[] {px.get(o), px.get(o + 1), px.get(o + 2)});
            });
            assertEquals(FPS, middles.size());
            byte[] m = middles.get(FPS / 2);
            int red = (layout == PixelFormat.RGB24 ? m[0] : m[2]) & 0xff;
            int blue = (layout == PixelFormat.RGB24 ? m[2] : m[0]) & 0xff;
            assertTrue(red > 180 && blue < 70, layout + ": red " + red + ", blue " + blue);
        }
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
        // Decoded, each packet's segment holds its 25 frames; the tail holds only audio.
        List<Integer> frames = new java.util.ArrayList<>();
        long samples = 0;
        for (MediaSegment s : ts) {
            DecodedMedia decoded = DecodedMedia.of(s.file().orElseThrow());
            frames.add(decoded.only("video").frames());
            DecodedMedia.Stream audio = decoded.only("audio");
            assertEquals(RATE, audio.sampleRate());
            samples += audio.samples();
        }
        assertEquals(List.of(FPS, FPS, 0), frames, "decoded frames per segment");
        // Every sample written, plus the encoder's one frame of priming and the padding of its last frame.
        assertEquals(2 * RATE + AAC_FRAME, samples, AAC_FRAME, "decoded audio samples over all segments");
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
    void fragmentedMp4StartsWithAnInitSegmentThenOneFragmentPerCut(@TempDir Path dir) throws Exception {
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
        // What Media Source Extensions would be fed: the init segment, then every fragment in order.
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        stream.writeBytes(segments.get(0).data());
        fragments.forEach(f -> stream.writeBytes(f.data()));
        Path joined = Files.write(dir.resolve("joined.mp4"), stream.toByteArray());
        DecodedMedia decoded = DecodedMedia.of(joined);
        assertEquals(2, decoded.streams().size(), "streams: " + decoded.streams());
        DecodedMedia.Stream video = decoded.only("video");
        DecodedMedia.Stream audio = decoded.only("audio");
        assertEquals("h264", video.codec());
        assertEquals("aac", audio.codec());
        assertEquals(2 * FPS, video.frames(), "every frame is in the fragments");
        // The MP4 muxer moves both tracks later by the AAC priming (1024 samples), since audio starts at -1024;
        // the first frame is shown from 0 and every later frame n at n/fps plus that shift, in step with the audio.
        List<Double> times = new java.util.ArrayList<>();
        VideoFiles.decode(joined, (frame, seconds) -> times.add(seconds));
        double priming = AAC_FRAME / (double) RATE;
        assertEquals(0.0, times.get(0), 1e-6, "the first frame is shown from 0 s");
        for (int n = 1; n < times.size(); n++) {
            assertEquals(n / (double) FPS + priming, times.get(n), 1e-3, "frame " + n + " of " + times);
        }
        assertEquals(2 * RATE + AAC_FRAME, audio.samples(), AAC_FRAME, "decoded audio samples");
        assertEquals(2.0, audio.samples() / (double) RATE, 2.0 * AAC_FRAME / RATE, "audio spans the two packets");
    }

    @Test
    void aLongSessionCutsManySegmentsAndEveryOneHoldsItsFrames() {
        // More segments than JavaCPP has native slots for write callbacks: each writer must give its slot back.
        int packets = 40;
        int framesEach = 5;
        int samplesEach = RATE * framesEach / FPS;
        List<MediaSegment> segments = new CopyOnWriteArrayList<>();
        try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("outputs", "ts"))) {
            MuxSession mux = muxer.open(new MediaFormat(W, H, PixelFormat.RGB24, FPS, RATE), segments::add);
            for (int p = 0; p < packets; p++) {
                mux.writeAudio(AudioChunk.silence(samplesEach, RATE));
                for (int f = 0; f < framesEach; f++) {
                    mux.writeVideo(VideoFrame.of(W, H, PixelFormat.RGB24, (long) p * framesEach + f,
                            new byte[W * H * 3]));
                }
                mux.endPacket();
            }
            mux.close();
        }
        assertEquals(packets + 1, segments.size(), "one segment per packet, then the encoders' tail");
        for (MediaSegment s : segments.subList(0, packets)) {
            assertTrue(s.data().length > 0, "segment " + s.sequence() + " is empty");
            assertEquals(framesEach * 1_000_000_000L / FPS, s.duration().toNanos(), "segment " + s.sequence());
        }
        assertTrue(segments.get(packets).data().length > 0, "the tail segment is empty");
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
