package dev.videochat.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A report written as it grows: each line goes to standard output at once, so a long run shows its progress, and
 * the whole report goes to a Markdown file at the end.
 */
final class MarkdownReport {

    private final StringBuilder text = new StringBuilder();

    /** Prints {@code line} and keeps it for the file. */
    synchronized void line(String line) {
        System.out.println(line);
        System.out.flush();
        text.append(line).append('\n');
    }

    /** An empty line. */
    void line() {
        line("");
    }

    /** Writes every line so far to {@code file}, creating its folder. */
    synchronized void writeTo(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to " + file, e);
        }
    }

    /** The header every run starts with: when, on what, and with which engines. */
    void header(String title, OfflineEngine engine) {
        line("# " + title);
        line();
        line(String.format(Locale.ROOT, "Measured %s on: %d cores, %s %s, Java %s (%s).",
                LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                System.getProperty("java.vm.name")));
        line("Engines: " + engine.describe() + "; no language model (`session.speak`).");
    }
}
