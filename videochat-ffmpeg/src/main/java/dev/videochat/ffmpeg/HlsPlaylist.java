package dev.videochat.ffmpeg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A live HLS media playlist. It lists a segment only after the segment's file is complete, and is itself
 * replaced atomically, so a player never sees a half-written file (nor is a {@code .part} file left when a write
 * fails). {@link #end()} marks it finished.
 */
final class HlsPlaylist {

    private final Path file;
    private final long targetSeconds;
    private final List<String> entries = new ArrayList<>();
    private boolean discontinuity;

    HlsPlaylist(Path file, Duration segmentTarget) {
        this.file = file;
        // Segments are cut at the first key frame (one per second) past the target.
        this.targetSeconds = (segmentTarget.toMillis() + 999) / 1000 + 1;
        write(false);
    }

    /**
     * Lists a segment whose file is complete.
     *
     * @throws UncheckedIOException when the playlist cannot be written; the segment is then not listed
     */
    void add(String segmentName, Duration length) {
        String entry = (discontinuity ? "#EXT-X-DISCONTINUITY\n" : "")
                + String.format(Locale.ROOT, "#EXTINF:%.3f,%n%s%n", length.toNanos() / 1e9, segmentName);
        entries.add(entry);
        try {
            write(false);
        } catch (UncheckedIOException e) {
            entries.remove(entries.size() - 1);
            throw e;
        }
        discontinuity = false;
    }

    /** The next segment listed does not continue the timestamps of the one before (media was dropped between). */
    void markDiscontinuity() {
        discontinuity = !entries.isEmpty();
    }

    void end() {
        write(true);
    }

    private void write(boolean ended) {
        StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:")
                .append(targetSeconds).append("\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        entries.forEach(text::append);
        if (ended) {
            text.append("#EXT-X-ENDLIST\n");
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("writing the playlist " + file + " failed: " + e,
                    e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        }
    }
}
