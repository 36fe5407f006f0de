package dev.videochat.examples.cli;

import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnListener;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The folder {@code speak} and {@code chat} write into ({@code --out}, default {@code videochat-out}): made up front,
 * with a reason a user can act on when it cannot be. The muxer puts each session in a new {@code session-NNN/}
 * below it; this finds which: the folder that appeared when the session opened, or, as a {@link TurnListener}, the
 * one its segments' files went to.
 */
final class OutputFolder implements TurnListener {

    private final Path dir;
    private final Set<Path> before;
    private volatile Path sessionFolder;

    private OutputFolder(Path dir) throws IOException {
        this.dir = dir;
        this.before = folders(dir);
    }

    /**
     * Makes {@code dir} (and the folders above it) unless it exists, and checks that it can be written in.
     *
     * @throws IllegalArgumentException saying why not: it is a file, no permission, a read-only file system
     */
    static OutputFolder create(Path dir) {
        Path absolute = dir.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("the output folder " + absolute + " is a file; give a folder with "
                    + "--out DIR (it is made when missing)");
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the output folder " + absolute + ": "
                    + reason(absolute, e) + "; choose another with --out DIR");
        }
        if (!Files.isWritable(absolute)) {
            throw new IllegalArgumentException("cannot write in the output folder " + absolute + ": "
                    + (readOnly(absolute) ? "its file system is read-only" : "no permission")
                    + "; choose another with --out DIR");
        }
        try {
            return new OutputFolder(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the output folder " + absolute + ": " + e.getMessage());
        }
    }

    /** Why {@code dir} could not be created, in words. */
    static String reason(Path dir, IOException e) {
        Path existing = nearestExisting(dir);
        if (existing != null && !Files.isDirectory(existing)) {
            return existing + " is a file, not a folder";
        }
        String where = existing != null ? existing.toString() : "the folder above it";
        if (e instanceof AccessDeniedException) {
            return "no permission to create folders in " + where;
        }
        String reason = e instanceof FileSystemException f ? f.getReason() : null;
        if ((reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("read-only"))
                || (existing != null && readOnly(existing))) {
            return where + " is on a read-only file system";
        }
        return reason != null ? reason : e.toString();
    }

    /** The folder given, as given (relative paths stay relative in messages). */
    Path dir() {
        return dir;
    }

    /** Where this session's files go: its {@code session-NNN/} once a segment has been written, else the folder. */
    Path sessionFolder() {
        return Optional.ofNullable(sessionFolder).orElse(dir);
    }

    /**
     * Call once the session is open: when exactly one folder has appeared since {@link #create}, that is where the
     * session writes, even before it has written anything (a turn that fails at once).
     */
    void sessionOpened() throws IOException {
        Set<Path> appeared = folders(dir);
        appeared.removeAll(before);
        if (appeared.size() == 1 && sessionFolder == null) {
            sessionFolder = appeared.iterator().next();
        }
    }

    private static Set<Path> folders(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).collect(Collectors.toCollection(HashSet::new));
        }
    }

    @Override
    public void onEvent(TurnEvent event) {
        if (event instanceof TurnEvent.SegmentReady ready && sessionFolder == null) {
            MediaSegment segment = ready.segment();
            segment.file().map(Path::getParent).ifPresent(folder -> sessionFolder = folder);
        }
    }

    private static Path nearestExisting(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean readOnly(Path existing) {
        try {
            return Files.getFileStore(existing).isReadOnly();
        } catch (IOException e) {
            return false;
        }
    }
}
