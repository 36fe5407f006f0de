package dev.videochat.examples.cli;

import dev.videochat.api.VideoChatException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The {@code videochat} command line ({@code videochat --help} lists the commands, {@code videochat COMMAND --help}
 * explains one). Picocli parses it into {@link VideoChatCommand} and its subcommands; this class turns what goes
 * wrong into one line on standard error and an exit status: 0 done, 1 a turn failed (or an unexpected error),
 * 2 a usage or configuration error.
 */
public final class Main {

    private Main() {
    }

    /** Runs the command line with {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status (0 ok, 1 the turn failed, 2 usage or configuration). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** Same as {@link #run(String[], PrintStream, PrintStream)} with {@code env} as the environment variables. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return commandLine(env, out, err).execute(args);
    }

    /** The command line, printing to {@code out} and {@code err}, with {@code env} as the environment variables. */
    static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err) {
        VideoChatCommand root = new VideoChatCommand(env, out, err);
        CommandLine cli = new CommandLine(root)
                .setDefaultValueProvider(new VideoChatCommand.SettingDefaults(root))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExpandAtFiles(false) // "speak @home" is text, not a file of arguments
                .registerConverter(Integer.class, Main::wholeNumber)
                .registerConverter(int.class, Main::wholeNumber)
                .setOut(writer(out))
                .setErr(writer(err));
        cli.setParameterExceptionHandler((e, arguments) -> usageError(e, err));
        cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, env, err));
        return cli;
    }

    /** A bad command line: one line naming what is wrong, where to read more, and status 2. */
    private static int usageError(ParameterException e, PrintStream err) {
        String hint = "";
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            List<String> suggestions = unmatched.getSuggestions();
            hint = " (did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                    + "?)";
        }
        err.println("error: " + e.getMessage() + hint + "; see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                + " --help'");
        return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A command that failed: the configuration's or the engine's message, once; a stack trace only on request. */
    private static int failure(Exception e, Map<String, String> env, PrintStream err) {
        if (e instanceof VideoChatException || e instanceof IllegalArgumentException || e instanceof IOException) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return 1;
        }
        // A bug or an engine's unexpected failure: still one line, with the trace on request.
        boolean debug = env.containsKey("VIDEOCHAT_DEBUG");
        err.println("error: unexpected " + e + (debug ? "" : " (set VIDEOCHAT_DEBUG=1 for the stack trace)"));
        if (debug) {
            e.printStackTrace(err);
        }
        return 1;
    }

    /** An {@code int} option's value, with a message for people rather than "is not an int". */
    private static Integer wholeNumber(String text) {
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number");
        }
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true);
    }
}
