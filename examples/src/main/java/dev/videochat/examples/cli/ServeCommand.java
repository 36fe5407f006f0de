package dev.videochat.examples.cli;

import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.examples.web.DemoEngines;
import dev.videochat.examples.web.WebDemo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.List;

/**
 * {@code videochat serve [--host ADDR] [--port N]}: the web demo on the configured engines, until Ctrl-C.
 * Without a language model, typed text is spoken as it is.
 */
final class ServeCommand {

    private ServeCommand() {
    }

    /** Parses the flags after {@code serve}, starts the demo and blocks until the JVM is asked to stop. */
    static int run(EngineFactory factory, List<String> args, PrintStream out) throws IOException,
            InterruptedException {
        String host = "127.0.0.1";
        int port = 8080;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--host" -> host = value(args, ++i, "--host");
                case "--port" -> port = port(value(args, ++i, "--port"));
                default -> throw new IllegalArgumentException("serve takes --host ADDR and --port N, not '"
                        + args.get(i) + "'");
            }
        }
        VideoChatEngine engine = factory.build(factory.llmConfigured(), WebDemo.MUXER_SETTINGS);
        WebDemo demo;
        try {
            DemoEngines engines = new DemoEngines(engine, factory.avatars(), factory.voices(),
                    factory.llmConfigured(), factory.asrConfigured());
            demo = WebDemo.builder(engines).host(host).port(port).start();
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
        if (!factory.llmConfigured()) {
            out.println("no language model is configured: typed text is spoken as it is; set VIDEOCHAT_LLM "
                    + "(openai, dashscope or ollama) to chat");
        }
        if (host.equals("0.0.0.0") || host.equals("::")) {
            out.println("warning: listening on every network interface; anyone who can reach this machine can use it");
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
