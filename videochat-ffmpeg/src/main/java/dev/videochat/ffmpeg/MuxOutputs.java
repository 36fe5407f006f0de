package dev.videochat.ffmpeg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@code ffmpeg} muxer produces and how, as {@link FfmpegMuxer.Builder} checked it.
 *
 * @param outputDir     where files go (each session in its own sub-folder), or empty to deliver segments only
 * @param kinds         the outputs
 * @param segmentTarget the longest a segment grows before it is cut at the next key frame
 * @param videoBitRate  bits per second
 * @param audioBitRate  bits per second
 * @param encoder       the H.264 encoder's FFmpeg name, or {@code auto}
 * @param rtmpUrl       where the {@code rtmp} output publishes
 */
record MuxOutputs(Optional<Path> outputDir, Set<MuxOutput> kinds, Duration segmentTarget, long videoBitRate,
                  long audioBitRate, String encoder, Optional<String> rtmpUrl) {
}
