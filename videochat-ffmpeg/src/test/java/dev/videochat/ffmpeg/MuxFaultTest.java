package dev.videochat.ffmpeg;

import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a mux session does when a segment cannot be made, as the pipeline drives it: a turn writes a packet and
 * ends it; a turn that fails leaves the session in use for the next. The output folder is deleted during the
 * session, or sits on a small tmpfs that fills up. Each turn's frames have a brightness of their own, so a decoded
 * file shows which turns it holds.
 */
class MuxFaultTest {

    private static final int W = 64;
    private static final int H = 48;
    private static final int FPS = 25;
    private static final int RATE = 16_000;
    private static final int AAC_FRAME = 1024;
    private static final int FIRST = 40;
    private static final int FAILED = 200;
    private static final int LATER = 120;

    @TempDir
    Path dir;
    private Path mounted;
    private final List<MediaSegment> segments = new ArrayList<>();

    /** One second of a tone and of frames of one brightness, ended as one packet. */
    private static void turn(MuxSession mux, int brightness) {
        short[] tone = new short[RATE];
        for (int i = 0; i < RATE; i++) {
            tone[i] = (short) (6000 * Math.sin(2 * Math.PI * 440 * i / RATE));
        }
        mux.writeAudio(new AudioChunk(tone, RATE));
        for (int f = 0; f < FPS; f++) {
            byte[] px = new byte[W * H * 3];
            Arrays.fill(px, (byte) brightness);
            mux.writeVideo(VideoFrame.of(W, H, PixelFormat.RGB24, f, px));
        }
        mux.endPacket();
    }

    private MuxSession open(Path output, String outputs) {
        Muxer muxer = new FfmpegMuxerProvider().create(Map.of("output-dir", output.toString(), "outputs", outputs));
        return muxer.open(new MediaFormat(W, H, PixelFormat.RGB24, FPS, RATE), segments::add);
    }

    /** The brightness of each decoded frame, at its centre. */
    private static List<Integer> brightness(Path file) {
        List<Integer> levels = new ArrayList<>();
        VideoFiles.decode(file, (frame, seconds) -> levels.add(frame.pixels().get(((H / 2) * W + W / 2) * 3) & 0xff));
        return levels;
    }

    private static void assertAllNear(int expected, List<Integer> levels, String what) {
        assertTrue(levels.stream().allMatch(l -> Math.abs(l - expected) <= 16), what + ": " + levels);
    }

    private List<MediaSegment> tsSegments() {
        return segments.stream().filter(s -> s.format() == ContainerFormat.MPEG_TS).toList();
    }

    /** Files left half-written. */
    private static List<String> partFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
        }
    }

    /** Files a closed session should not leave: half-written ones, and the recording's packet file. */
    private static List<String> leftovers(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".part") || n.endsWith(".packets")).toList();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void aWriteThatFailsDropsTheSegmentBeingMadeAndTheNextHoldsOnlyNewMedia() {
        MuxSession mux = open(dir, "ts");
        turn(mux, FIRST);
        mux.writeAudio(AudioChunk.silence(RATE, RATE));
        byte[] bright = new byte[W * H * 3];
        Arrays.fill(bright, (byte) FAILED);
        for (int f = 0; f < 10; f++) {
            mux.writeVideo(VideoFrame.of(W, H, PixelFormat.RGB24, f, bright));
        }
        assertThrows(IllegalArgumentException.class,
                () -> mux.writeVideo(VideoFrame.of(W + 2, H, PixelFormat.RGB24, 10, new byte[(W + 2) * H * 3])));
        turn(mux, LATER);
        mux.close();
        Path next = tsSegments().get(1).file().orElseThrow();
        assertAllNear(LATER, brightness(next), "the segment after the failure");
        assertEquals(FPS, brightness(next).size());
        assertEquals(RATE, DecodedMedia.of(next).only("audio").samples(), 3 * AAC_FRAME,
                "the segment after the failure holds one turn of audio, in samples");
    }

    @Test
    void aSegmentWhoseFolderWasDeletedFailsNamingItsFileAndTheNextHoldsOnlyNewMedia() throws IOException {
        MuxSession mux = open(dir, "ts,hls,mp4");
        turn(mux, FIRST);
        Path folder = tsSegments().get(0).file().orElseThrow().getParent();
        deleteTree(folder);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> turn(mux, FAILED));
        assertTrue(e.getMessage().contains(folder.resolve("segment-00001.ts").toString()), e.getMessage());
        Files.createDirectories(folder);
        turn(mux, LATER);
        Path next = tsSegments().get(1).file().orElseThrow();
        assertEquals(folder.resolve("segment-00001.ts"), next, "the failed segment's number is used again");
        assertAllNear(LATER, brightness(next), "the segment after the failure");
        assertEquals(FPS, brightness(next).size());
        assertEquals(RATE, DecodedMedia.of(next).only("audio").samples(), 3 * AAC_FRAME,
                "the segment after the failure holds one turn of audio, in samples");
        mux.close();
    }

    @Test
    void theSessionMp4HoldsEveryTurnWrittenBeforeAndAfterTheFolderWasDeleted() throws IOException {
        MuxSession mux = open(dir, "ts,hls,mp4");
        turn(mux, FIRST);
        Path folder = tsSegments().get(0).file().orElseThrow().getParent();
        deleteTree(folder);
        assertThrows(UncheckedIOException.class, () -> turn(mux, FAILED));
        Files.createDirectories(folder);
        turn(mux, LATER);
        mux.close();
        Path mp4 = segments.stream().filter(s -> s.format() == ContainerFormat.MP4).findFirst().orElseThrow()
                .file().orElseThrow();
        assertEquals(folder.resolve("session.mp4"), mp4);
        List<Integer> levels = brightness(mp4);
        assertEquals(2 * FPS, levels.size(), "the first and the last turn's frames: " + levels);
        assertAllNear(FIRST, levels.subList(0, FPS), "the first turn");
        assertAllNear(LATER, levels.subList(FPS, 2 * FPS), "the last turn");
        assertEquals(List.of(), leftovers(folder));
        String playlist = Files.readString(folder.resolve("stream.m3u8"));
        assertTrue(playlist.contains("#EXT-X-DISCONTINUITY\n#EXTINF") && playlist.endsWith("#EXT-X-ENDLIST\n"),
                "the gap is marked before the next listed segment:\n" + playlist);
    }

    @Test
    void closingWithTheFolderGoneSaysTheMp4CouldNotBeWrittenAndWhy() throws IOException {
        MuxSession mux = open(dir, "mp4");
        turn(mux, FIRST);
        Path folder;
        try (Stream<Path> sessions = Files.list(dir)) {
            folder = sessions.findFirst().orElseThrow();
        }
        deleteTree(folder);
        VideoChatException e = assertThrows(VideoChatException.class, mux::close);
        assertTrue(e.getMessage().contains(folder.resolve("session.mp4").toString())
                && e.getMessage().contains("deleted"), e.getMessage());
        assertTrue(Files.notExists(folder), "nothing is left behind, not even the folder");
    }

    /** Mounts a tmpfs of {@code kib} KiB on a fresh folder, or skips the test where mounting is not allowed. */
    private Path smallDisk(int kib) throws IOException, InterruptedException {
        Path target = Files.createDirectory(dir.resolve("tmpfs"));
        Process mount;
        try {
            mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", target.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: cannot run mount to make a small disk: " + e.getMessage());
            throw e;
        }
        String said = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "skipped: a small tmpfs cannot be mounted here (root is needed): " + said.trim());
        mounted = target;
        return target;
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Fills the disk holding {@code folder} to the last byte; returns the file that holds the filling. */
    private static Path fill(Path folder) throws IOException {
        Path filler = folder.resolve("filler.bin");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            return filler;
        }
    }

    @Test
    void aSegmentOnAFullDiskFailsNamingItsFileAndLeavesNoPartFile() throws Exception {
        Path disk = smallDisk(1024);
        MuxSession mux = open(disk, "ts,hls,mp4");
        turn(mux, FIRST);
        Path folder = tsSegments().get(0).file().orElseThrow().getParent();
        Path filler = fill(folder);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> turn(mux, FAILED));
        assertTrue(e.getMessage().contains("segment-00001.ts") && e.getMessage().contains("No space"),
                e.getMessage());
        assertEquals(List.of(), partFiles(folder));
        assertTrue(Files.notExists(folder.resolve("segment-00001.ts")));
        Files.delete(filler);
        mux.close();
    }

    @Test
    void whenSpaceReturnsTheNextSegmentHoldsOnlyNewMediaAndTheSessionMp4EveryTurnWritten() throws Exception {
        Path disk = smallDisk(1024);
        MuxSession mux = open(disk, "ts,hls,mp4");
        turn(mux, FIRST);
        Path folder = tsSegments().get(0).file().orElseThrow().getParent();
        Path filler = fill(folder);
        assertThrows(UncheckedIOException.class, () -> turn(mux, FAILED));
        Files.delete(filler);
        turn(mux, LATER);
        assertAllNear(LATER, brightness(tsSegments().get(1).file().orElseThrow()), "the segment after the failure");
        mux.close();
        Path mp4 = folder.resolve("session.mp4");
        List<Integer> levels = brightness(mp4);
        assertEquals(2 * FPS, levels.size(), "the first and the last turn's frames: " + levels);
        assertAllNear(FIRST, levels.subList(0, FPS), "the first turn");
        assertAllNear(LATER, levels.subList(FPS, 2 * FPS), "the last turn");
        assertEquals(2, DecodedMedia.of(mp4).streams().size());
        assertEquals(List.of(), leftovers(folder));
    }

    @Test
    void closingOnAFullDiskSaysTheMp4CouldNotBeWrittenAndWhyAndLeavesNoPartFile() throws Exception {
        Path disk = smallDisk(1024);
        MuxSession mux = open(disk, "mp4");
        turn(mux, FIRST);
        Path folder;
        try (Stream<Path> sessions = Files.list(disk)) {
            folder = sessions.findFirst().orElseThrow();
        }
        fill(folder);
        RuntimeException e = assertThrows(RuntimeException.class, mux::close);
        String said = e.getMessage() + Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList();
        assertTrue(said.contains(folder.resolve("session.mp4").toString()) && said.contains("No space"), said);
        assertEquals(List.of(), leftovers(folder));
    }
}
