package dev.videochat.ffmpeg;

import dev.videochat.api.Stage;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.media.MuxerProvider;
import dev.videochat.core.config.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ffmpeg}: H.264 + AAC through the FFmpeg natives on the class path (no ffmpeg binary). Settings, each mapped
 * onto the {@link FfmpegMuxer#builder()} method of the same name in camel case: {@code output-dir} (each session's
 * files go to a new {@code session-NNN/} below it, numbered after those already there, so runs never mix their
 * files; none: segments are only handed to the sinks), {@code outputs} (any of {@code ts}, {@code hls},
 * {@code fmp4}, {@code mp4}, {@code rtmp}; default {@code ts,hls,mp4} with an output folder, {@code ts} without),
 * {@code segment-target} (2s), {@code video-bitrate} (1500000), {@code audio-bitrate} (96000), {@code encoder}
 * ({@code auto}: libx264 when the natives have it, else libopenh264; or a name such as {@code h264_nvenc}),
 * {@code rtmp-url} (where the {@code rtmp} output publishes).
 */
public final class FfmpegMuxerProvider implements MuxerProvider {

    private static final Set<String> SETTINGS = Set.of("output-dir", "outputs", "segment-target", "video-bitrate",
            "audio-bitrate", "encoder", "rtmp-url");

    @Override
    public String name() {
        return Ffmpeg.PROVIDER;
    }

    @Override
    public String description() {
        return "in-process FFmpeg: H.264 + AAC as MPEG-TS segments, live HLS, fragmented MP4 and a final MP4";
    }

    @Override
    public Set<String> settingNames() {
        return SETTINGS;
    }

    @Override
    public Muxer create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.MUX, name(), settings, SETTINGS);
        FfmpegMuxer.Builder b = FfmpegMuxer.builder();
        s.ifPath("output-dir", b::outputDir);
        s.ifSet("outputs", list -> b.outputs(outputs(s, list)));
        s.ifDuration("segment-target", b::segmentTarget);
        s.ifInt("video-bitrate", b::videoBitrate);
        s.ifInt("audio-bitrate", b::audioBitrate);
        s.ifSet("encoder", b::encoder);
        s.ifSet("rtmp-url", url -> b.rtmpUrl(rtmpUrl(s, url)));
        return b.build();
    }

    /** {@code ts,hls}: the outputs named, in any case. */
    private static Set<MuxOutput> outputs(Settings s, String list) {
        Set<MuxOutput> kinds = EnumSet.noneOf(MuxOutput.class);
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                kinds.add(MuxOutput.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw s.error("setting 'outputs' has an unknown output '" + name
                        + "'; known: ts, hls, fmp4, mp4, rtmp");
            }
        }
        return kinds;
    }

    /** The URL, or an error that does not repeat it: its path holds the stream key. */
    private static URI rtmpUrl(Settings s, String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw s.error("setting 'rtmp-url' is not a valid URL (" + e.getReason() + ")");
        }
    }
}
