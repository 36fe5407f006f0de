package dev.videochat.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the command line in this JVM with the given environment, keeping what it printed. */
final class CliRun {

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** Runs {@code args} with {@code env} as the environment variables; returns the exit status. */
    int run(Map<String, String> env, String... args) {
        return Main.run(args, env, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    /** What went to standard output so far. */
    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /** What went to standard error so far. */
    String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Both, for failure messages. */
    String printed() {
        return out() + err();
    }
}
