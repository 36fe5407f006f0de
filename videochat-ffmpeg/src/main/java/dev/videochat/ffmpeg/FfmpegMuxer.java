package dev.videochat.ffmpeg;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.media.SegmentSink;
import dev.videochat.core.config.BuilderChecks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * In-process FFmpeg encoding and muxing; each session writes into a new sub-folder of the output folder,
 * {@code session-NNN}, numbered after those already there.
 *
 * <pre>{@code
 * Muxer muxer = FfmpegMuxer.builder().outputDir(Path.of("out")).outputs(MuxOutput.HLS, MuxOutput.MP4).build();
 * }</pre>
 * The {@code ffmpeg} provider maps its settings onto {@link #builder()}.
 */
public final class FfmpegMuxer implements Muxer {

    private static final Pattern SESSION_FOLDER = Pattern.compile("session-(\\d+)");

    private final MuxOutputs outputs;
    /** The highest session number this muxer has taken. */
    private final AtomicInteger sessions = new AtomicInteger();

    FfmpegMuxer(MuxOutputs outputs) {
        this.outputs = outputs;
    }

    /**
     * A builder: no output folder (segments only go to the sinks), MPEG-TS segments cut at 2 s, 1.5 Mbit/s video,
     * 96 kbit/s audio, the encoder chosen from the natives.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** What this muxer was built with. */
    MuxOutputs outputs() {
        return outputs;
    }

    @Override
    public String name() {
        return Ffmpeg.PROVIDER;
    }

    @Override
    public MuxSession open(MediaFormat format, SegmentSink sink) {
        Optional<Path> folder = outputs.outputDir().map(this::newSessionFolder);
        return new FfmpegMuxSession(format, sink, outputs, folder);
    }

    /**
     * A {@code session-NNN} folder no session has used, numbered after the highest one already there: a second run
     * (of this program or another) never writes into, or mixes its files with, an earlier session's folder.
     */
    private Path newSessionFolder(Path dir) {
        Path sub = dir;
        try {
            Files.createDirectories(dir);
            int next = Math.max(sessions.get(), highestSessionNumber(dir)) + 1;
            while (true) {
                sub = dir.resolve(String.format("session-%03d", next));
                try {
                    Files.createDirectory(sub); // atomic: of two sessions racing for a number, one gets it
                    sessions.accumulateAndGet(next, Math::max);
                    return sub;
                } catch (FileAlreadyExistsException taken) {
                    next++;
                }
            }
        } catch (IOException e) {
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName();
            throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "cannot create the output folder " + sub + " ("
                    + reason + "): set output-dir to a folder this program may write in", e);
        }
    }

    private static int highestSessionNumber(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> SESSION_FOLDER.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> m.group(1).length() > 9 ? Integer.MAX_VALUE - 1 : Integer.parseInt(m.group(1)))
                    .max().orElse(0);
        }
    }

    /** Builds an {@link FfmpegMuxer}; each method checks its value and names itself when it is wrong. */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.MUX, Ffmpeg.PROVIDER,
                "FfmpegMuxer.builder()");

        private Path outputDir;
        private Set<MuxOutput> outputs;
        private Duration segmentTarget = Duration.ofSeconds(2);
        private int videoBitrate = 1_500_000;
        private int audioBitrate = 96_000;
        private String encoder = "auto";
        private URI rtmpUrl;

        private Builder() {
        }

        /**
         * The folder the files go to, each session's in a new {@code session-NNN/} below it, numbered after those
         * already there (default none: segments are only handed to the sinks).
         */
        public Builder outputDir(Path folder) {
            this.outputDir = CHECK.notNull("outputDir(Path)", folder);
            return this;
        }

        /**
         * The outputs (default {@code TS, HLS, MP4} with an output folder, {@code TS} without); {@code HLS} and
         * {@code MP4} write files and need {@link #outputDir}, {@code RTMP} needs {@link #rtmpUrl(URI)}.
         */
        public Builder outputs(Set<MuxOutput> outputs) {
            String method = "outputs(Set)";
            CHECK.notNull(method, outputs);
            if (outputs.isEmpty()) {
                throw CHECK.invalid(method, "names no output; use some of ts, hls, fmp4, mp4, rtmp");
            }
            Set<MuxOutput> copy = EnumSet.noneOf(MuxOutput.class);
            for (MuxOutput output : outputs) {
                copy.add(CHECK.notNull(method, output));
            }
            this.outputs = copy;
            return this;
        }

        /** {@link #outputs(Set)} as arguments. */
        public Builder outputs(MuxOutput... outputs) {
            return outputs(new java.util.HashSet<>(java.util.Arrays.asList(CHECK.notNull("outputs(MuxOutput...)",
                    outputs))));
        }

        /** The longest a segment grows before it is cut at the next key frame (default 2 s). */
        public Builder segmentTarget(Duration target) {
            this.segmentTarget = CHECK.positive("segmentTarget(Duration)", target);
            return this;
        }

        /** The H.264 bit rate, 100,000 to 50,000,000 bits per second (default 1,500,000). */
        public Builder videoBitrate(int bitsPerSecond) {
            this.videoBitrate = CHECK.range("videoBitrate(int)", bitsPerSecond, 100_000, 50_000_000);
            return this;
        }

        /** The AAC bit rate, 16,000 to 320,000 bits per second (default 96,000). */
        public Builder audioBitrate(int bitsPerSecond) {
            this.audioBitrate = CHECK.range("audioBitrate(int)", bitsPerSecond, 16_000, 320_000);
            return this;
        }

        /**
         * The H.264 encoder's FFmpeg name, such as {@code h264_nvenc}, or {@code auto} (the default): libx264 when
         * the natives have it, else libopenh264.
         */
        public Builder encoder(String name) {
            this.encoder = CHECK.notBlank("encoder(String)", name);
            return this;
        }

        /**
         * Where the {@code RTMP} output publishes, {@code rtmp://} or {@code rtmps://}, such as
         * {@code rtmp://127.0.0.1:1935/live/stream}. Messages never show it: its path holds the stream key.
         */
        public Builder rtmpUrl(URI url) {
            String method = "rtmpUrl(URI)";
            CHECK.notNull(method, url);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (url.getHost() == null || !(scheme.equals("rtmp") || scheme.equals("rtmps"))) {
                throw CHECK.invalid(method, "must be an rtmp:// or rtmps:// URL with a host, such as "
                        + "rtmp://127.0.0.1:1935/live/stream");
            }
            this.rtmpUrl = url;
            return this;
        }

        /**
         * The muxer; the natives load when the first session opens.
         *
         * @throws dev.videochat.api.ConfigurationException when an output needs a folder or an RTMP URL that is
         *                                                  not given
         */
        public Muxer build() {
            return new FfmpegMuxer(outputs());
        }

        MuxOutputs outputs() {
            Set<MuxOutput> kinds = outputs != null ? EnumSet.copyOf(outputs) : outputDir != null
                    ? EnumSet.of(MuxOutput.TS, MuxOutput.HLS, MuxOutput.MP4) : EnumSet.of(MuxOutput.TS);
            if (outputDir == null && (kinds.contains(MuxOutput.HLS) || kinds.contains(MuxOutput.MP4))) {
                throw CHECK.missing("outputDir", "outputDir", "output-dir", "the outputs hls and mp4 write files");
            }
            if (kinds.contains(MuxOutput.HLS)) {
                kinds.add(MuxOutput.TS);
            }
            if (kinds.contains(MuxOutput.RTMP) && rtmpUrl == null) {
                throw CHECK.missing("rtmpUrl", "rtmpUrl", "rtmp-url", "the output rtmp publishes to it, for example "
                        + "rtmp://127.0.0.1:1935/live/stream");
            }
            return new MuxOutputs(Optional.ofNullable(outputDir), Set.copyOf(kinds), segmentTarget, videoBitrate,
                    audioBitrate, encoder, Optional.ofNullable(rtmpUrl).map(URI::toString));
        }
    }
}
