package dev.videochat.ffmpeg;

import dev.videochat.api.VideoChatException;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.video.PixelFormat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A construction that fails frees every native object it had allocated: the process's native resident memory after
 * thousands of failures is what it was after a warm-up. Each case is a failure a session meets in real use (an RTMP
 * server that is down, which {@link RtmpPush} retries; a folder that is gone; a stream that cannot be decoded).
 */
class FailedConstructionLeakTest {

    /** Native memory that thousands of failures may add after the warm-up: allocator noise, not a leak. */
    private static final long TOLERANCE_BYTES = 3L << 20;
    /** Measured rounds of failures, each after the one before grew memory. */
    private static final int ROUNDS = 3;

    private static VideoEncoder video;
    private static AudioEncoder audio;
    private static Path missingFolder;
    private static int closedPort;
    private static int logLevel;

    @BeforeAll
    static void openEncodersAndFindAClosedPort() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")),
                "skipped: resident memory is read from /proc/self/status, which only Linux has");
        Ffmpeg.load();
        video = new VideoEncoder(64, 48, 25, PixelFormat.RGB24, 500_000, "auto");
        audio = new AudioEncoder(16_000, 64_000);
        missingFolder = Files.createTempDirectory("leak-test").resolve("deleted");
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // Every failure would otherwise print FFmpeg's own error lines.
        logLevel = avutil.av_log_get_level();
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    @AfterAll
    static void closeEncoders() {
        avutil.av_log_set_level(logLevel);
        if (video != null) {
            video.close();
            audio.close();
        }
    }

    /** A construction that must fail, and how many times to fail it after the warm-up. */
    private record Failing(Runnable construction, int times) {
    }

    static Stream<Named<Failing>> failingConstructions() {
        return Stream.of(
                Named.of("a muxer whose header cannot be written", new Failing(() -> {
                    try (ContainerWriter w = new ContainerWriter("mp4", null, Map.of("movflags", "no-such-flag"),
                            video.context(), audio.context())) {
                        throw new AssertionError("the header was written: " + w);
                    }
                }, 4000)),
                Named.of("an RTMP server that refuses the connection", new Failing(() -> {
                    try (ContainerWriter w = new ContainerWriter("flv", "rtmp://127.0.0.1:" + closedPort + "/live/k",
                            Map.of(), video.context(), audio.context())) {
                        throw new AssertionError("connected: " + w);
                    }
                }, 4000)),
                Named.of("a file in a folder that is gone", new Failing(() -> {
                    try (ContainerWriter w = new ContainerWriter("mp4", missingFolder.resolve("x.mp4").toString(),
                            Map.of(), video.context(), audio.context())) {
                        throw new AssertionError("opened: " + w);
                    }
                }, 4000)),
                Named.of("an audio decoder that cannot open without headers", new Failing(() -> {
                    try (AudioStreamDecoder d = new AudioStreamDecoder("vorbis", 16_000)) {
                        throw new AssertionError("opened: " + d);
                    }
                }, 4000)),
                Named.of("a mux session whose playlist folder is gone", new Failing(() -> {
                    MuxOutputs hls = new MuxOutputs(Optional.of(missingFolder), EnumSet.of(MuxOutput.TS,
                            MuxOutput.HLS), Duration.ofSeconds(2), 500_000, 64_000, "auto", Optional.empty());
                    try (FfmpegMuxSession s = new FfmpegMuxSession(new MediaFormat(64, 48, PixelFormat.RGB24, 25,
                            16_000), segment -> { }, hls, Optional.of(missingFolder))) {
                        throw new AssertionError("opened: " + s);
                    }
                }, 400)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingConstructions")
    void thousandsOfFailedConstructionsLeaveResidentMemoryFlat(Failing failing) throws IOException {
        RuntimeException first = assertThrows(RuntimeException.class, failing.construction()::run);
        assertTrue(first instanceof VideoChatException || first instanceof UncheckedIOException,
                "fails as a muxer error, not by accident: " + first);
        failRepeatedly(failing);
        // A leak grows memory in every round; the JIT compiling this loop and the allocator settling, in the first
        // rounds only.
        List<Long> grown = new ArrayList<>();
        for (int round = 0; round < ROUNDS && (grown.isEmpty() || grown.get(grown.size() - 1) >= TOLERANCE_BYTES);
             round++) {
            long before = nativeResidentBytes();
            failRepeatedly(failing);
            grown.add(nativeResidentBytes() - before);
        }
        assertTrue(grown.get(grown.size() - 1) < TOLERANCE_BYTES, "every round of " + failing.times()
                + " failures grew native resident memory, by " + grown.stream().map(b -> b / 1024 + " KiB").toList());
    }

    private static void failRepeatedly(Failing failing) {
        for (int i = 0; i < failing.times(); i++) {
            assertThrows(RuntimeException.class, failing.construction()::run);
        }
    }

    /**
     * Resident memory outside the JVM's own pools (heap, metaspace, code cache), once the collector has run and
     * JavaCPP has freed what it collected: what native allocations hold. The JVM growing or shrinking its heap
     * moves the process's resident size by megabytes either way, which would hide a leak of a few KiB a failure.
     */
    private static long nativeResidentBytes() throws IOException {
        System.gc();
        Pointer.deallocateReferences();
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        long pools = jvm.getHeapMemoryUsage().getCommitted() + jvm.getNonHeapMemoryUsage().getCommitted();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 - pools;
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc/self/status");
    }
}
