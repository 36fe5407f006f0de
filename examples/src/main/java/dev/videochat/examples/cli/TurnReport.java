package dev.videochat.examples.cli;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnMetrics;
import dev.videochat.core.pipeline.MetricsTable;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** How {@code speak} and {@code chat} report a turn: its latency table, printed and saved, and an exit status. */
final class TurnReport {

    private TurnReport() {
    }

    /**
     * {@code speak} and {@code chat} print a failed turn's error themselves ({@code error: ...}), so the pipeline's
     * warning about it would say it a second time. Its errors ({@link Error}s in a stage) still show. Takes effect
     * for loggers made after it, which in this program is every turn's; {@code -D} on the command line wins.
     */
    static void failuresPrintedOnce() {
        String turnLog = "org.slf4j.simpleLogger.log.dev.videochat.core.pipeline.TurnRun";
        if (System.getProperty(turnLog) == null) {
            System.setProperty(turnLog, "error");
        }
    }

    /**
     * Prints the latency table, saves it beside the video (in the session's {@code session-NNN/}), and turns the end
     * event into an exit status: 0 done, 1 failed or cancelled. A failed turn's error goes to {@code err}, once.
     */
    static int print(TurnEvent end, OutputFolder folder, PrintStream out, PrintStream err) throws IOException {
        TurnMetrics metrics;
        int status;
        if (end instanceof TurnEvent.Done done) {
            metrics = done.metrics();
            status = 0;
        } else if (end instanceof TurnEvent.Failed failed) {
            err.println("error: " + failed.error().getMessage());
            metrics = failed.metrics();
            status = 1;
        } else {
            metrics = ((TurnEvent.Cancelled) end).metrics();
            status = 1;
        }
        String table = MetricsTable.of(metrics);
        out.print(table);
        Path saved = folder.sessionFolder().resolve("latency-" + metrics.turnId() + ".txt");
        Files.writeString(saved, table);
        out.println("written to " + folder.sessionFolder() + " (the latency table as " + saved.getFileName() + ")");
        return status;
    }
}
