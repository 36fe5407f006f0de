package dev.videochat.ffmpeg;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.media.SegmentSink;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * In-process FFmpeg encoding and muxing; each session writes into a new sub-folder of the output folder,
 * {@code session-NNN}, numbered after those already there.
 */
final class FfmpegMuxer implements Muxer {

    private static final Pattern SESSION_FOLDER = Pattern.compile("session-(\\d+)");

    private final MuxOutputs outputs;
    /** The highest session number this muxer has taken. */
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
}
