package dev.videochat.examples.cli;

import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.examples.web.DemoEngines;
import dev.videochat.examples.web.WebDemo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code videochat serve [--host ADDR] [--port N] [--allow-origin ORIGIN]...}: the web demo on the configured
 * engines, until Ctrl-C. Without a language model, typed text is spoken as it is. The server answers only requests
 * that name it (its address, {@code localhost} or a loopback address, with its port) from its own page; each
 * {@code --allow-origin} lets one more origin in, and its host name as the server's.
 */
final class ServeCommand {

    private ServeCommand() {
    }

    /** Parses the flags after {@code serve}, starts the demo and blocks until the JVM is asked to stop. */
    static int run(EngineFactory factory, List<String> args, PrintStream out) throws IOException,
            InterruptedException {
        String host = "127.0.0.1";
        int port = 8080;
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--host" -> host = value(args, ++i, "--host");
                case "--port" -> port = port(value(args, ++i, "--port"));
                case "--allow-origin" -> origins.add(value(args, ++i, "--allow-origin"));
                default -> throw new IllegalArgumentException("serve takes --host ADDR, --port N and "
                        + "--allow-origin ORIGIN, not '" + args.get(i) + "'");
            }
        }

        boolean realtime = factory.speechToSpeechConfigured();
        VideoChatEngine engine = realtime ? factory.buildSpeechToSpeech(WebDemo.MUXER_SETTINGS)
                : factory.build(factory.llmConfigured(), WebDemo.MUXER_SETTINGS);
        WebDemo demo;
        try {
            DemoEngines engines = realtime
                    ? DemoEngines.speechToSpeech(engine, factory.avatars(), factory.voices())
                    : new DemoEngines(engine, factory.avatars(), factory.voices(), factory.llmConfigured(),
                            factory.asrConfigured());
            WebDemo.Builder builder = WebDemo.builder(engines).host(host).port(port);
            origins.forEach(builder::allowOrigin);
            demo = builder.start();
        } catch (BindException e) {
            engine.close();
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): choose another with --port N");
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            engine.close();
        }, "videochat-serve-stop"));
        out.println("VideoChat web demo: open " + demo.uri() + " (Ctrl-C stops it)");
        if (realtime) {
            out.println("speech-to-speech mode (VIDEOCHAT_S2S): the model answers typed text and the microphone");
        } else if (!factory.llmConfigured()) {
            out.println("no language model is configured: typed text is spoken as it is; set VIDEOCHAT_LLM "
                    + "(openai, dashscope, ollama or openai-compatible) to chat");
        }
        if (host.equals("0.0.0.0") || host.equals("::")) {
            out.println("warning: listening on every network interface; anyone who can reach this machine can use it "
                    + "(by its address; add --allow-origin http://NAME:" + demo.port() + " to use a host name)");
        }
        demo.awaitClose();
        return 0;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number, got '" + text + "'");
        }
    }
}
