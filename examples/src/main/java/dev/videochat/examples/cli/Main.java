package dev.videochat.examples.cli;

import dev.videochat.api.VideoChatException;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnMetrics;
import dev.videochat.core.pipeline.MetricsTable;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.VideoChatEngine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code videochat} command line.
 *
 * <pre>
 * videochat speak "text"        text to a talking-head video (no LLM)
 * videochat chat                a conversation in the terminal with the configured LLM
 * videochat prepare-avatar FILE  a MuseTalk avatar from a video or image of a face (progress bar)
 * videochat serve               the web demo on http://127.0.0.1:8080/ (--host, --port, --allow-origin)
 * videochat help                this text
 * options: --config FILE (properties), --out DIR (default videochat-out)
 * </pre>
 */
public final class Main {

    static final String USAGE = String.join("\n",
            "usage: videochat [--config FILE] [--out DIR] <command>",
            "  speak \"text\"   voice and animate the text (no LLM); writes video and the latency table to a new",
            "                 session-NNN/ in the output folder (default videochat-out)",
            "  chat [--mode realtime]  talk in the terminal; realtime: a speech-to-speech model (VIDEOCHAT_S2S=realtime,",
            "                 VIDEOCHAT_S2S_BASE_URL, VIDEOCHAT_S2S_MODEL) answers instead of LLM and TTS",
            "  chat           talk with the configured LLM in the terminal (VIDEOCHAT_LLM=openai|dashscope|ollama,",
            "                 or openai-compatible with VIDEOCHAT_LLM_BASE_URL and VIDEOCHAT_LLM_MODEL for a local server)",
            "  prepare-avatar <video> [--name NAME] [--models DIR] ...",
            "                 make a MuseTalk avatar from a video or image of a face (prepare-avatar --help)",
            "  serve [--host ADDR] [--port N] [--allow-origin ORIGIN]...",
            "                 the web demo in your browser (default http://127.0.0.1:8080/); --allow-origin lets",
            "                 another site's pages, or another name for this server, use it",
            "  help           show this text",
            "Engines are chosen with VIDEOCHAT_TTS (default freetts), VIDEOCHAT_THG (default sprite) and",
            "VIDEOCHAT_MUX (default ffmpeg); their settings with VIDEOCHAT_<STAGE>_<KEY> or videochat.<stage>.<key>.");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status (0 ok, 1 the turn failed, 2 usage or configuration). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** Same as {@link #run(String[], PrintStream, PrintStream)} with {@code env} as the environment variables. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            List<String> rest = new ArrayList<>();
            Optional<Path> configFile = Optional.empty();
            Map<String, String> flags = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> configFile = Optional.of(Path.of(value(args, ++i, "--config")));
                    case "--out" -> flags.put("videochat.out", value(args, ++i, "--out"));
                    default -> rest.add(args[i]);
                }
            }
            if (rest.isEmpty() || rest.get(0).equals("help") || rest.get(0).equals("--help")) {
                out.println(USAGE);
                return rest.isEmpty() ? 2 : 0;
            }
            ExampleConfig config = new ExampleConfig(configFile, env, flags);
            EngineFactory factory = new EngineFactory(config);
            return switch (rest.get(0)) {
                case "speak" -> speak(factory, rest, out, err);
                case "chat" -> chat(factory, chatMode(rest.subList(1, rest.size())), out, err);
                case "serve" -> ServeCommand.run(factory, rest.subList(1, rest.size()), out);
                case "prepare-avatar" -> prepareAvatar(config, rest.subList(1, rest.size()), out, err);
                default -> {
                    err.println("unknown command '" + rest.get(0) + "'");
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (VideoChatException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            // A bug or an engine's unexpected failure: still one line, with the trace on request.
            err.println("error: unexpected " + e + (env.containsKey("VIDEOCHAT_DEBUG") ? ""
                    : " (set VIDEOCHAT_DEBUG=1 for the stack trace)"));
            if (env.containsKey("VIDEOCHAT_DEBUG")) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static int prepareAvatar(ExampleConfig config, List<String> args, PrintStream out, PrintStream err)
            throws IOException {
        if (args.contains("--help")) {
            out.println(PrepareAvatarCommand.HELP);
            return 0;
        }
        return PrepareAvatarCommand.run(config, args, out, err);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int speak(EngineFactory factory, List<String> rest, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (rest.size() < 2 || rest.get(1).isBlank()) {
            throw new IllegalArgumentException("speak needs the text to say, for example: videochat speak \"Hello!\"");
        }
        String text = String.join(" ", rest.subList(1, rest.size()));
        OutputFolder folder = OutputFolder.create(factory.outputDir());
        reportTurnFailuresOnce();
        try (VideoChatEngine engine = factory.build(false);
             Session session = engine.openSession(factory.sessionOptions().build())) {
            folder.sessionOpened();
            out.println("speaking with " + session.voice().id() + " as " + session.avatar().id() + " ("
                    + session.avatar().width() + "x" + session.avatar().height() + " @ " + session.avatar().fps()
                    + " fps) into " + folder.dir().toAbsolutePath());
            TurnEvent end = session.speak(text, folder, e -> {
                if (e instanceof TurnEvent.PacketReady p) {
                    out.println("  packet " + p.packet().index() + ": " + p.packet().text().strip());
                }
            }).await();
            return report(end, folder, out, err);
        }
    }

    /** {@code --mode cascade} (ASR, LLM, TTS; the default) or {@code --mode realtime} (a speech-to-speech model). */
    private static boolean chatMode(List<String> args) {
        boolean realtime = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--mode") && i + 1 < args.size()) {
                String mode = args.get(++i);
                switch (mode) {
                    case "realtime" -> realtime = true;
                    case "cascade" -> realtime = false;
                    default -> throw new IllegalArgumentException("chat --mode takes cascade or realtime, got '"
                            + mode + "'");
                }
            } else {
                throw new IllegalArgumentException("chat takes only --mode cascade|realtime, got '" + args.get(i)
                        + "'");
            }
        }
        return realtime;
    }

    private static int chat(EngineFactory factory, boolean realtime, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        OutputFolder folder = OutputFolder.create(factory.outputDir());
        reportTurnFailuresOnce();
        try (VideoChatEngine engine = realtime ? factory.buildSpeechToSpeech() : factory.build(true);
             Session session = engine.openSession(factory.sessionOptions().speechToSpeech(realtime).build())) {
            folder.sessionOpened();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            out.println("Type a question (an empty line ends the chat). Video goes to "
                    + folder.dir().toAbsolutePath());
            int status = 0;
            for (String line = prompt(in, out); line != null && !line.isBlank(); line = prompt(in, out)) {
                TurnEvent end = session.say(line, folder, e -> {
                    if (e instanceof TurnEvent.PacketReady p) {
                        out.print(p.packet().text());
                        out.flush();
                    }
                }).await();
                out.println();
                status = report(end, folder, out, err);
            }
            return status;
        }
    }

    /**
     * {@code speak} and {@code chat} print a failed turn's error themselves ({@code error: ...}), so the pipeline's
     * warning about it would say it a second time. Its errors ({@link Error}s in a stage) still show. Takes effect
     * for loggers made after it, which in this program is every turn's; {@code -D} on the command line wins.
     */
    private static void reportTurnFailuresOnce() {
        String turnLog = "org.slf4j.simpleLogger.log.dev.videochat.core.pipeline.TurnRun";
        if (System.getProperty(turnLog) == null) {
            System.setProperty(turnLog, "error");
        }
    }

    private static String prompt(BufferedReader in, PrintStream out) throws IOException {
        out.print("> ");
        out.flush();
        return in.readLine();
    }

    /**
     * Prints the latency table, saves it beside the video (in the session's {@code session-NNN/}), and turns the end
     * event into an exit status. A failed turn's error goes to {@code err}, once.
     */
    private static int report(TurnEvent end, OutputFolder folder, PrintStream out, PrintStream err)
            throws IOException {
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
