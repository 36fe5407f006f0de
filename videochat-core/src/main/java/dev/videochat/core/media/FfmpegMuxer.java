package dev.videochat.core.media;

import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.media.SegmentSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** In-process FFmpeg encoding and muxing; each session writes into its own sub-folder of the output folder. */
final class FfmpegMuxer implements Muxer {

    private final MuxOutputs outputs;
    private final AtomicInteger sessions = new AtomicInteger();

    FfmpegMuxer(MuxOutputs outputs) {
        this.outputs = outputs;
    }

    @Override
    public String name() {
        return Ffmpeg.PROVIDER;
    }

    @Override
    public MuxSession open(MediaFormat format, SegmentSink sink) {
        Optional<Path> folder = outputs.outputDir().map(dir -> {
            Path sub = dir.resolve(String.format("session-%03d", sessions.incrementAndGet()));
            try {
                return Files.createDirectories(sub);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the output folder " + sub, e);
            }
        });
        return new FfmpegMuxSession(format, sink, outputs, folder);
    }
}
