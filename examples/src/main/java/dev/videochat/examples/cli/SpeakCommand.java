package dev.videochat.examples.cli;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.VideoChatEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code videochat speak "text"}: voices and animates the text as it is, with no language model. */
@Command(name = "speak", mixinStandardHelpOptions = true,
        description = {"Voices and animates the text (no LLM) and prints the latency table.",
                "Writes session.mp4, the HLS playlist stream.m3u8 with its segments, and latency-<turn>.txt to a "
                        + "new session-NNN/ in the output folder."},
        footer = {"%nExample: videochat speak \"Hello! I am your digital human.\"",
                "The voice, avatar and engines come from the settings ('videochat --help')."})
final class SpeakCommand implements Callable<Integer> {

    @ParentCommand
    private VideoChatCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "what to say; several words are joined by spaces")
    private List<String> words;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String text = String.join(" ", words);
        if (text.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "speak needs the text to say, for example: videochat speak \"Hello!\"");
        }
        PrintStream out = root.out();
        EngineFactory factory = root.engines();
        OutputFolder folder = OutputFolder.create(factory.outputDir());
        TurnReport.failuresPrintedOnce();
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
            return TurnReport.print(end, folder, out, root.err());
        }
    }
}
