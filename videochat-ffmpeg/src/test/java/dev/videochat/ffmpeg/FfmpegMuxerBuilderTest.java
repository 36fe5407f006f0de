package dev.videochat.ffmpeg;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FfmpegMuxerBuilderTest {

    @Test
    void theBuilderAndTheSettingsGiveTheSameOutputs(@TempDir Path dir) {
        MuxOutputs built = FfmpegMuxer.builder().outputDir(dir).outputs(MuxOutput.HLS, MuxOutput.FMP4)
                .segmentTarget(Duration.ofMillis(200)).videoBitrate(800_000).audioBitrate(64_000).encoder("libopenh264")
                .outputs();
        try (FfmpegMuxer named = (FfmpegMuxer) new FfmpegMuxerProvider().create(Map.of("output-dir", dir.toString(),
                "outputs", "hls,fmp4", "segment-target", "200ms", "video-bitrate", "800000",
                "audio-bitrate", "64000", "encoder", "libopenh264"))) {
            assertEquals(built, named.outputs());
        }
        assertEquals(Set.of(MuxOutput.TS, MuxOutput.HLS, MuxOutput.FMP4), built.kinds(), "HLS brings TS");
        assertEquals(Set.of(MuxOutput.TS, MuxOutput.HLS, MuxOutput.MP4),
                FfmpegMuxer.builder().outputDir(dir).outputs().kinds(), "the default with a folder");
        assertEquals(Set.of(MuxOutput.TS), FfmpegMuxer.builder().outputs().kinds(), "the default without one");
    }

    @Test
    void aMuxerFromTheBuilderWritesItsSessionFolder(@TempDir Path dir) {
        try (Muxer muxer = FfmpegMuxer.builder().outputDir(dir).outputs(MuxOutput.MP4).build()) {
            MuxSession session = muxer.open(new MediaFormat(64, 64, PixelFormat.RGB24, 25, 16_000), segment -> { });
            session.close();
        }
        assertTrue(Files.isDirectory(dir.resolve("session-001")));
    }

    @Test
    void anOutputThatNeedsAFolderOrAUrlSaysHowToGiveIt() {
        assertEquals("[MUX/ffmpeg] outputDir is not set: pass .outputDir(..) to FfmpegMuxer.builder(), or the "
                + "'output-dir' setting; the outputs hls and mp4 write files", assertThrows(
                ConfigurationException.class, () -> FfmpegMuxer.builder().outputs(MuxOutput.MP4).build()).getMessage());
        assertEquals("[MUX/ffmpeg] rtmpUrl is not set: pass .rtmpUrl(..) to FfmpegMuxer.builder(), or the "
                + "'rtmp-url' setting; the output rtmp publishes to it, for example rtmp://127.0.0.1:1935/live/stream",
                assertThrows(ConfigurationException.class, () -> new FfmpegMuxerProvider().create(
                        Map.of("outputs", "rtmp"))).getMessage());
        assertEquals(Optional.of("rtmp://127.0.0.1:1935/live/key"), FfmpegMuxer.builder().outputs(MuxOutput.RTMP)
                .rtmpUrl(URI.create("rtmp://127.0.0.1:1935/live/key")).outputs().rtmpUrl());
    }

    @Test
    void aBadValueNamesTheBuilderMethodOrTheSettingAndNeverShowsTheStreamKey() {
        assertEquals("[MUX/ffmpeg] videoBitrate(int) must be 100000..50000000, got 5", assertThrows(
                ConfigurationException.class, () -> FfmpegMuxer.builder().videoBitrate(5)).getMessage());
        assertEquals("[MUX/ffmpeg] outputs(Set) names no output; use some of ts, hls, fmp4, mp4, rtmp", assertThrows(
                ConfigurationException.class, () -> FfmpegMuxer.builder().outputs(Set.of())).getMessage());
        assertEquals("[MUX/ffmpeg] setting 'outputs' has an unknown output 'avi'; known: ts, hls, fmp4, mp4, rtmp",
                assertThrows(ConfigurationException.class, () -> new FfmpegMuxerProvider().create(
                        Map.of("outputs", "ts,avi"))).getMessage());
        ConfigurationException url = assertThrows(ConfigurationException.class, () -> new FfmpegMuxerProvider()
                .create(Map.of("outputs", "rtmp", "rtmp-url", "http://host/live/secret-key")));
        assertEquals("[MUX/ffmpeg] setting 'rtmp-url' must be an rtmp:// or rtmps:// URL with a host, such as "
                + "rtmp://127.0.0.1:1935/live/stream", url.getMessage());
        assertFalse(url.getMessage().contains("secret-key"));
    }
}
