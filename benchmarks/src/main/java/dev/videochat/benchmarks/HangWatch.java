package dev.videochat.benchmarks;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a long run that stopped making progress: a turn that never ends would otherwise block {@code speak},
 * {@code await} or {@code close} for ever. When nothing has moved on for the given time it writes the report so
 * far with a HUNG verdict, prints every thread's stack to standard error and halts the JVM with status 2.
 */
final class HangWatch {

    private final long limitNanos;
    private final MarkdownReport report;
    private final Path reportFile;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hang-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastProgress = System.nanoTime();
    private volatile String doing = "starting";

    HangWatch(int limitSeconds, MarkdownReport report, Path reportFile) {
        this.limitNanos = TimeUnit.SECONDS.toNanos(limitSeconds);
        this.report = report;
        this.reportFile = reportFile;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /** Notes that the run moved on to {@code what}. */
    void progress(String what) {
        doing = what;
        lastProgress = System.nanoTime();
    }

    void stop() {
        timer.shutdownNow();
    }

    private void check() {
        long stalled = System.nanoTime() - lastProgress;
        if (stalled < limitNanos) {
            return;
        }
        report.line();
        report.line("**verdict: HUNG** at " + doing + ": no progress for " + TimeUnit.NANOSECONDS.toSeconds(stalled)
                + " s (thread dump on standard error).");
        report.writeTo(reportFile);
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            System.err.println("\"" + e.getKey().getName() + "\" " + e.getKey().getState());
            for (StackTraceElement frame : e.getValue()) {
                System.err.println("    at " + frame);
            }
        }
        System.err.flush();
        // halt, not exit: a shutdown hook waiting on the stuck pipeline would keep the JVM alive.
        Runtime.getRuntime().halt(2);
    }
}
