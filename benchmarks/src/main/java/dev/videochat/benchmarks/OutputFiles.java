package dev.videochat.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a run's muxer wrote to its temporary folder: a summary for the report, and deleting it afterwards. */
final class OutputFiles {

    private OutputFiles() {
    }

    /** For example {@code 152 .ts, 1 .m3u8, 1 .mp4 (session.mp4 12.3 MiB); 25.0 MiB in all}. */
    static String summary(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        if (files.isEmpty()) {
            return "no files";
        }
        Map<String, Long> byExtension = files.stream().collect(Collectors.groupingBy(OutputFiles::extension,
                TreeMap::new, Collectors.counting()));
        long total = 0;
        StringBuilder mp4s = new StringBuilder();
        for (Path f : files) {
            long size = Files.size(f);
            total += size;
            if (f.getFileName().toString().endsWith(".mp4")) {
                mp4s.append(mp4s.isEmpty() ? "" : ", ").append(folder.relativize(f))
                        .append(String.format(Locale.ROOT, " %.1f MiB", SoakRow.mib(size)));
            }
        }
        String counts = byExtension.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        return counts + (mp4s.isEmpty() ? " (no MP4)" : " (" + mp4s + ")")
                + String.format(Locale.ROOT, "; %.1f MiB in all", SoakRow.mib(total));
    }

    /** Deletes {@code folder} and everything below it. */
    static void delete(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the run's output folder " + folder, e);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "(no extension)" : name.substring(dot);
    }
}
