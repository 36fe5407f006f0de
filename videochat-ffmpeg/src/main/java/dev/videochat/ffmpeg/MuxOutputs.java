package dev.videochat.ffmpeg;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@code ffmpeg} muxer produces and how.
 *
 * @param outputDir     where files go (each session in its own sub-folder), or empty to deliver segments only
 * @param kinds         the outputs
 * @param segmentTarget the longest a segment grows before it is cut at the next key frame
 * @param videoBitRate  bits per second
 * @param audioBitRate  bits per second
 * @param encoder       the H.264 encoder's FFmpeg name, or {@code auto}
 * @param rtmpUrl       where the {@code rtmp} output publishes
 */
record MuxOutputs(Optional<Path> outputDir, Set<Kind> kinds, Duration segmentTarget, long videoBitRate,
                  long audioBitRate, String encoder, Optional<String> rtmpUrl) {

    /** One kind of output. */
    enum Kind {
        /** One MPEG-TS segment per packet (and at key frames past the target), handed to the sink. */
        TS,
        /** A live HLS playlist over the TS segments (needs an output folder). */
        HLS,
        /** Fragmented MP4: an init segment, then a fragment per cut, for Media Source Extensions. */
        FMP4,
        /**
         * One MP4 of the whole session (needs an output folder): its packets are recorded on disk as each segment is
         * cut and muxed into {@code session.mp4} at close, whose segment names the file and carries no bytes.
         */
        MP4,
        /** A live FLV push to an RTMP server (needs {@code rtmp-url}); pair it with a live session. */
        RTMP
    }

    static MuxOutputs from(Map<String, String> raw) {
        Settings s = Settings.of(Stage.MUX, Ffmpeg.PROVIDER, raw);
        Optional<Path> dir = s.get("output-dir").map(Path::of);
        String fallback = dir.isPresent() ? "ts,hls,mp4" : "ts";
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String part : s.get("outputs", fallback).split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            try {
                kinds.add(Kind.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw s.error("setting 'outputs' has an unknown output '" + part.trim()
                        + "'; known: ts, hls, fmp4, mp4, rtmp");
            }
        }
        if (kinds.isEmpty()) {
            throw s.error("setting 'outputs' names no output; use some of ts, hls, fmp4, mp4");
        }
        if (dir.isEmpty() && (kinds.contains(Kind.HLS) || kinds.contains(Kind.MP4))) {
            throw s.error("outputs hls and mp4 write files: set 'output-dir'");
        }
        if (kinds.contains(Kind.HLS)) {
            kinds.add(Kind.TS);
        }
        Optional<String> rtmp = s.get("rtmp-url");
        if (kinds.contains(Kind.RTMP) && rtmp.filter(u -> u.startsWith("rtmp://") || u.startsWith("rtmps://")).isEmpty()) {
            throw s.error("output rtmp needs 'rtmp-url' such as rtmp://127.0.0.1:1935/live/stream");
        }
        return new MuxOutputs(dir, kinds, s.getDuration("segment-target", Duration.ofSeconds(2)),
                s.getInt("video-bitrate", 1_500_000, 100_000, 50_000_000),
                s.getInt("audio-bitrate", 96_000, 16_000, 320_000),
                s.get("encoder", "auto"), rtmp);
    }
}
