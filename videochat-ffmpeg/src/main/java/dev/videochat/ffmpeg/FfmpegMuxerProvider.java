package dev.videochat.ffmpeg;

import dev.videochat.api.media.Muxer;
import dev.videochat.api.media.MuxerProvider;

import java.util.Map;

/**
 * {@code ffmpeg}: H.264 + AAC through the FFmpeg natives on the class path (no ffmpeg binary). Settings:
 * {@code output-dir} (each session's files go to a new {@code session-NNN/} below it, numbered after those already
 * there, so runs never mix their files; none: segments are only handed to the sinks),
 * {@code outputs} (any of {@code ts}, {@code hls}, {@code fmp4}, {@code mp4}; default {@code ts,hls,mp4} with an
 * output folder, {@code ts} without), {@code segment-target} (2s), {@code video-bitrate} (1500000),
 * {@code audio-bitrate} (96000), {@code encoder} ({@code auto}: libx264 when the natives have it, else
 * libopenh264; or a name such as {@code h264_nvenc}).
 */
public final class FfmpegMuxerProvider implements MuxerProvider {

    @Override
    public String name() {
        return Ffmpeg.PROVIDER;
    }

    @Override
    public String description() {
        return "in-process FFmpeg: H.264 + AAC as MPEG-TS segments, live HLS, fragmented MP4 and a final MP4";
    }

    @Override
    public Muxer create(Map<String, String> settings) {
        return new FfmpegMuxer(MuxOutputs.from(settings));
    }
}
