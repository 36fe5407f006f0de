package dev.videochat.examples.cli;

import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.examples.web.DemoEngines;
import dev.videochat.examples.web.WebDemo;
import dev.videochat.micrometer.VideoChatMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code videochat serve}: the web demo on the configured engines, until Ctrl-C. Without a language model, typed
 * text is spoken as it is. The server answers only requests that name it (its address, {@code localhost} or a
 * loopback address, with its port) from its own page; each {@code --allow-origin} lets one more origin in, and its
 * host name as the server's.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"The web demo in your browser: the avatar over WebRTC, the microphone listened to hands-free, "
                + "a latency table per answer. Runs until Ctrl-C.",
                "Without VIDEOCHAT_LLM typed text is spoken as it is; with VIDEOCHAT_S2S a speech-to-speech model "
                        + "answers."})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    private VideoChatCommand root;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "the address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface)")
    private String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "the port to listen on (default: ${DEFAULT-VALUE}; 0 for any free one)")
    private int port;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "lets pages from ORIGIN use the demo, and its host name stand for this server "
                    + "(scheme://host[:port]; repeatable)")
    private List<String> origins = new ArrayList<>();

    @Option(names = "--metrics", paramLabel = "KIND", descriptionKey = "videochat.metrics",
            defaultValue = "prometheus", description = "prometheus (the default) serves the engine's and the JVM's "
            + "meters at /metrics in Prometheus' text format; none serves nothing there (VIDEOCHAT_METRICS)")
    private String metrics;

    /** Starts the demo and blocks until the JVM is asked to stop. */
    @Override
    public Integer call() throws IOException, InterruptedException {
        EngineFactory factory = root.engines();
        PrintStream out = root.out();
        Optional<PrometheusMeterRegistry> registry = metricsRegistry();
        registry.ifPresent(r -> factory.observe(new VideoChatMetrics(r)));
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
            registry.ifPresent(builder::metrics);
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
        registry.ifPresent(r -> out.println("metrics for Prometheus at " + demo.uri().resolve("/metrics")));
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

    /**
     * The registry {@code --metrics} asks for, with the JVM's own meters (heap, GC, threads, CPU) beside the
     * engine's.
     *
     * @throws IllegalArgumentException for a kind other than prometheus or none
     */
    private Optional<PrometheusMeterRegistry> metricsRegistry() {
        switch (metrics.strip().toLowerCase(Locale.ROOT)) {
            case "none", "off" -> {
                return Optional.empty();
            }
            case "prometheus" -> {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                new JvmMemoryMetrics().bindTo(registry);
                new JvmGcMetrics().bindTo(registry);
                new JvmThreadMetrics().bindTo(registry);
                new ProcessorMetrics().bindTo(registry);
                return Optional.of(registry);
            }
            default -> throw new IllegalArgumentException("--metrics (VIDEOCHAT_METRICS) is prometheus or none, got '"
                    + metrics + "'");
        }
    }
}
