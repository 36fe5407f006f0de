package dev.videochat.benchmarks;

import dev.videochat.musetalk.kserve.LoopbackInferenceServer;
import dev.videochat.musetalk.kserve.triton.WhisperRows;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Shared-pool run: two client JVMs ({@link PoolClient}), each with N {@code musetalk} sessions on the {@code kserve}
 * backend, against one inference server on loopback (the KServe v2 test server of {@code videochat-musetalk-kserve},
 * serving the tiny stand-in models through ONNX Runtime on the CPU) whose dynamic batcher merges face requests
 * from both JVMs, as Triton's does. Per N it reports the frames per second the sessions got, how full the JVMs'
 * face batches and the server's runs were, and how many runs mixed both JVMs.
 *
 * <p>A plain main, not JMH: the measurement needs two client JVMs running at once against one server that outlives
 * them, and JMH runs one benchmark JVM at a time. This JVM holds the server; it starts both clients, waits until
 * both have connected and warmed up, clears the server's record and tells both to go at once.
 *
 * <p>Run with {@code benchmarks/kserve-pool.sh}; {@code args[0]} is the Markdown file to write (default
 * {@code benchmarks/kserve-pool-results.md}). System properties, all optional: {@code videochat.bench.pool.sessions}
 * (sessions per JVM, 1,2,4), {@code videochat.bench.pool.seconds} (15), {@code videochat.bench.pool.batch} (the
 * JVMs' face batch, 4), {@code videochat.bench.pool.serverBatch} (the server's largest run, 8) and
 * {@code videochat.bench.pool.queueDelayMs} (how long a request waits in the server's queue for others; a row
 * per value and N, 2,20) and {@code videochat.bench.pool.whisperRows} (true: the encoder with the row inputs
 * {@code videochat triton-repo} gives it; false: the plain export, whose every reply is the whole 11.5 MB window).
 */
public final class KServePoolBenchmark {

    private static final String[] JVMS = {"A", "B"};
    /** How long a client may take to connect and warm up, or to finish after its time is up. */
    private static final long CLIENT_WAIT_S = 180;

    private KServePoolBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path reportFile = Path.of(args.length > 0 ? args[0] : "benchmarks/kserve-pool-results.md");
        List<Integer> sessions = RunProperties.integers("pool.sessions", List.of(1, 2, 4), 1, 32);
        int seconds = RunProperties.integer("pool.seconds", 15, 1, 3600);
        int batch = RunProperties.integer("pool.batch", 4, 1, 64);
        int serverBatch = RunProperties.integer("pool.serverBatch", 8, 1, 256);
        boolean whisperRows = RunProperties.flag("pool.whisperRows", true);
        List<Integer> delays = RunProperties.integers("pool.queueDelayMs", List.of(2, 20), 0, 10_000);
        Path dir = Files.createTempDirectory("videochat-kserve-pool-");
        MarkdownReport report = new MarkdownReport();
        report.line("# Shared pool: two JVMs, one KServe v2 server");
        report.line();
        report.line(String.format(Locale.ROOT, "Measured %s on: %d cores, %s %s, Java %s (%s).",
                LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                System.getProperty("java.vm.name")));
        report.line(String.format(Locale.ROOT, "The tiny stand-in models (fused `unet_decoder`, `whisper`) on the "
                + "loopback test server, ONNX Runtime on the CPU; each JVM's face batch %d, the server's runs of "
                + "up to %d frames; %d s per row, the sessions speaking without pause; the Whisper encoder %s.", batch,
                serverBatch, seconds, whisperRows ? "with row inputs (as `videochat triton-repo` serves it)"
                        : "as exported (every reply the whole 11.5 MB window)"));
        report.line();
        report.line(PoolRow.HEADER);
        report.line(PoolRow.RULE);
        try {
            Path models = TinyMuseTalkModels.writeFused(dir.resolve("models"));
            // The encoder as 'videochat triton-repo' serves it: with row inputs, so replies carry a batch's rows.
            Path whisper = models.resolve("whisper_tiny_states.onnx");
            if (whisperRows) {
                whisper = dir.resolve("whisper_rows.onnx");
                WhisperRows.write(models.resolve("whisper_tiny_states.onnx"), whisper, "states");
            }
            try (LoopbackInferenceServer server = new LoopbackInferenceServer(Map.of(
                    "whisper", whisper,
                    "unet_decoder", models.resolve("unet_vae_decoder.onnx")))) {
                for (int delay : delays) {
                    server.batching(serverBatch, Duration.ofMillis(delay));
                    for (int n : sessions) {
                        report.line(measure(server, models, n, seconds, batch, serverBatch).toMarkdown(delay));
                    }
                }
            }
        } finally {
            OutputFiles.delete(dir);
        }
        report.line();
        report.line(PoolRow.LEGEND);
        report.writeTo(reportFile);
    }

    private static PoolRow measure(LoopbackInferenceServer server, Path models, int sessions, int seconds,
                                   int batch, int serverBatch) throws Exception {
        List<Client> clients = new ArrayList<>();
        try {
            for (String jvm : JVMS) {
                clients.add(Client.start(server.urlText(), models, sessions, seconds, batch, jvm));
            }
            for (Client c : clients) {
                c.await("READY");
            }
            server.clearBatches();
            int callsBefore = server.inferences();
            for (Client c : clients) {
                c.go();
            }
            Map<String, List<Map<String, String>>> lines = new HashMap<>();
            for (Client c : clients) {
                lines.put(c.jvm, c.results(sessions));
            }
            return PoolRow.of(sessions, batch, serverBatch, lines, server.batches(),
                    server.inferences() - callsBefore, seconds);
        } finally {
            for (Client c : clients) {
                c.process.destroyForcibly();
            }
        }
    }

    /** A client JVM and the lines it prints. */
    private static final class Client {
        final String jvm;
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Client(String jvm, Process process) {
            this.jvm = jvm;
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("EXIT " + e);
                }
                lines.add("EXIT");
            }, "pool-client-" + jvm);
            reader.setDaemon(true);
            reader.start();
        }

        static Client start(String url, Path models, int sessions, int seconds, int batch, String jvm)
                throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Duser.language=en", "-Duser.country=US",
                    "-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), PoolClient.class.getName(),
                    url, models.toString(), String.valueOf(sessions), String.valueOf(seconds),
                    String.valueOf(batch), jvm));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Client(jvm, process);
        }

        /** Waits for a line equal to {@code wanted}; other lines go to standard error. */
        void await(String wanted) throws InterruptedException {
            while (true) {
                String line = next();
                if (line.equals(wanted)) {
                    return;
                }
                System.err.println("[" + jvm + "] " + line);
            }
        }

        void go() throws IOException {
            OutputStream in = process.getOutputStream();
            in.write("GO\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** The {@code SESSION} lines, then the {@code WORKER} line, as fields. */
        List<Map<String, String>> results(int sessions) throws InterruptedException {
            List<Map<String, String>> results = new ArrayList<>();
            while (results.size() < sessions + 1) {
                String line = next();
                if (line.startsWith("SESSION ") || line.startsWith("WORKER ")) {
                    results.add(fields(line));
                } else {
                    System.err.println("[" + jvm + "] " + line);
                }
            }
            return results;
        }

        private String next() throws InterruptedException {
            String line = lines.poll(CLIENT_WAIT_S, TimeUnit.SECONDS);
            if (line == null || line.startsWith("EXIT")) {
                throw new IllegalStateException("client JVM " + jvm + (line == null ? " said nothing for "
                        + CLIENT_WAIT_S + " s" : " ended early (its standard error is above)"));
            }
            return line;
        }

        private static Map<String, String> fields(String line) {
            Map<String, String> fields = new HashMap<>();
            String[] parts = line.split(" ");
            fields.put("kind", parts[0]);
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            return fields;
        }
    }
}
