package dev.videochat.ffmpeg;

import dev.videochat.api.VideoChatException;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the {@code ffmpeg} muxer puts each session's files: a folder of its own, never one used before. */
class SessionFoldersTest {

    private static final MediaFormat FORMAT = new MediaFormat(64, 64, PixelFormat.RGB24, 25, 16_000);

    private static List<String> openAndClose(Path dir, int sessions) {
        try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("output-dir", dir.toString(), "outputs", "mp4"))) {
            for (int i = 0; i < sessions; i++) {
                MuxSession session = muxer.open(FORMAT, segment -> { });
                session.close();
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }  catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theSessionsOfOneMuxerGetNumberedFolders(@TempDir Path dir) {
        assertEquals(List.of("session-001", "session-002"), openAndClose(dir, 2));
    }

    @Test
    void aSecondMuxerOnTheSameFolderStartsAfterTheFirstOnesSessions(@TempDir Path dir) {
        openAndClose(dir, 1);
        assertEquals(List.of("session-001", "session-002"), openAndClose(dir, 1),
                "a second run writes a fresh folder instead of into session-001");
    }

    @Test
    void numberingContinuesAfterTheHighestFolderThere(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("session-007"));
        Files.writeString(dir.resolve("notes.txt"), "not a session");
        List<String> names = new ArrayList<>(openAndClose(dir, 1));
        assertTrue(names.contains("session-008"), names.toString());
        assertEquals(List.of("notes.txt", "session-007", "session-008"), names);
    }

    @Test
    void anOutputFolderThatIsAFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("out"), "a file");
        try (Muxer muxer = new FfmpegMuxerProvider().create(Map.of("output-dir", file.toString(), "outputs", "mp4"))) {
            VideoChatException e = assertThrows(VideoChatException.class, () -> muxer.open(FORMAT, segment -> { }));
            assertTrue(e.getMessage().startsWith("[MUX/ffmpeg] cannot create the output folder " + file),
                    e.getMessage());
        }
    }
}
