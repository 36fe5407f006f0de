package dev.videochat.examples.cli;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.VideoChatEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code videochat chat}: a conversation in the terminal; every answer is voiced, animated and timed. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Talks with the language model in the terminal: type a question, an empty line ends the chat.",
                "Every turn's video and latency table go to one new session-NNN/ in the output folder."},
        footer = {"%nThe language model: VIDEOCHAT_LLM=openai (OPENAI_API_KEY), dashscope (DASHSCOPE_API_KEY), "
                + "ollama, or openai-compatible with VIDEOCHAT_LLM_BASE_URL and VIDEOCHAT_LLM_MODEL for a server "
                + "of your own (a server on this machine or a private network needs no key).",
                "--mode realtime: VIDEOCHAT_S2S=realtime, VIDEOCHAT_S2S_PRESET=openai, dashscope or local "
                        + "(with VIDEOCHAT_S2S_BASE_URL and VIDEOCHAT_S2S_MODEL)."})
final class ChatCommand implements Callable<Integer> {

    /** Who answers. */
    enum Mode {
        /** Speech recognition, the language model and the voice engine, one after the other. */
        CASCADE,
        /** A speech-to-speech model ({@code VIDEOCHAT_S2S}) in place of the language model and the voice. */
        REALTIME
    }

    @ParentCommand
    private VideoChatCommand root;

    @Option(names = "--mode", paramLabel = "cascade|realtime", defaultValue = "cascade",
            description = "cascade: the language model answers and the voice engine speaks (default); realtime: a "
                    + "speech-to-speech model answers (VIDEOCHAT_S2S)")
    private Mode mode;

    @Override
    public Integer call() throws IOException, InterruptedException {
        boolean realtime = mode == Mode.REALTIME;
        PrintStream out = root.out();
        EngineFactory factory = root.engines();
        OutputFolder folder = OutputFolder.create(factory.outputDir());
        TurnReport.failuresPrintedOnce();
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
                status = TurnReport.print(end, folder, out, root.err());
            }
            return status;
        }
    }

    private static String prompt(BufferedReader in, PrintStream out) throws IOException {
        out.print("> ");
        out.flush();
        return in.readLine();
    }
}
