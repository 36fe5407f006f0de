package dev.videochat.llm.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback that answers the n-th request with the n-th responder (the last one answers every
 * later request) and records what each request sent. Each exchange runs on its own thread, so a responder may
 * block on a latch without holding up the others.
 */
public final class LoopbackServer implements AutoCloseable {

    /** Writes one response. */
    @FunctionalInterface
    public interface Responder {
        /** Answers {@code exchange}; throwing, or returning without a response, drops the connection. */
        void respond(HttpExchange exchange) throws Exception;
    }

    /** What a request sent: its method, URI path, headers and body as UTF-8 text. */
    public record Recorded(String method, String path, Headers headers, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Responder> responders;
    private final AtomicInteger count = new AtomicInteger();
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();

    /** Starts a server on an ephemeral loopback port that answers with {@code responders}, at least one. */
    public LoopbackServer(Responder... responders) throws IOException {
        if (responders.length == 0) {
            throw new IllegalArgumentException("a loopback server needs at least one responder");
        }
        this.responders = List.of(responders);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/v1}, the base URL of an OpenAI-compatible server. */
    public String openAiBaseUrl() {
        return root() + "/v1";
    }

    /** {@code http://127.0.0.1:PORT}, the base URL of Ollama. */
    public String root() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The OpenAI Chat Completions endpoint URL, as a client reports it in errors. */
    public URI chatCompletionsUrl() {
        return URI.create(openAiBaseUrl() + "/chat/completions");
    }

    /** How many requests arrived so far. */
    public int requestCount() {
        return count.get();
    }

    /** The next recorded request, waiting up to 10 s for it; fails the test if none arrives. */
    public Recorded takeRequest() throws InterruptedException {
        Recorded recorded = requests.poll(10, TimeUnit.SECONDS);
        if (recorded == null) {
            throw new AssertionError("no request arrived at the loopback server within 10 s");
        }
        return recorded;
    }

    private void handle(HttpExchange exchange) {
        int index = count.getAndIncrement();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), body));
            responders.get(Math.min(index, responders.size() - 1)).respond(exchange);
        } catch (Exception e) {
            // the client went away, or a responder ended the connection on purpose: nothing to answer
        }
    }

    /** Stops the server at once and interrupts the responders still running. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
