package dev.videochat.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What this process holds at one moment: the measures a soak run watches for leaks.
 *
 * @param retainedHeap bytes of heap still used after garbage collection ({@link RetainedHeap})
 * @param rss          bytes of resident memory ({@code VmRSS} in {@code /proc/self/status}), heap and native
 *                     alike; empty where there is no {@code /proc} (not Linux)
 * @param threads      live threads of the JVM, daemon or not
 * @param openFiles    open file descriptors (entries of {@code /proc/self/fd}, including the one listing them);
 *                     empty where there is no {@code /proc}
 */
record ProcessFootprint(long retainedHeap, OptionalLong rss, int threads, OptionalLong openFiles) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path FDS = Path.of("/proc/self/fd");

    /** Collects garbage until the heap settles, then reads every measure. */
    static ProcessFootprint measure() {
        long heap = RetainedHeap.measure();
        return new ProcessFootprint(heap, readRss(), ManagementFactory.getThreadMXBean().getThreadCount(),
                countOpenFiles());
    }

    private static OptionalLong readRss() {
        if (!Files.isReadable(STATUS)) {
            return OptionalLong.empty();
        }
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                // "VmRSS:     123456 kB"
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not read VmRSS from " + STATUS + ": " + e, e);
        }
    }

    private static OptionalLong countOpenFiles() {
        if (!Files.isDirectory(FDS)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> fds = Files.list(FDS)) {
            return OptionalLong.of(fds.count());
        } catch (IOException e) {
            throw new IllegalStateException("could not list " + FDS + ": " + e, e);
        }
    }
}
