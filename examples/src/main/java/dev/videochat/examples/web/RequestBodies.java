package dev.videochat.examples.web;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads each request's body before its handler runs: within the route's size limit, and within the read timeout
 * from the first body byte to the last. The handler then reads the body from memory, so nothing after this filter
 * reads from the connection (or can block on it) again.
 *
 * <p>A body over its limit gets 413 (it is still read and thrown away up to 64 MiB, so the client sees the answer
 * rather than a connection cut mid-upload); one that does not arrive in time, chunked or not, gets 408; either way
 * the connection is closed afterwards. This filter also ends the headers' {@link ReadDeadline}, so it must come after
 * the filters that may refuse a request without reading its body.
 */
final class RequestBodies extends Filter {

    /**
     * The body a route accepts.
     *
     * @param bytes the largest body accepted, bytes
     * @param what  what the body is, for the 413 message ("the recording")
     */
    record Limit(long bytes, String what) {
    }

    /** Routes that take no body still accept a small one (and ignore it). */
    static final Limit SMALL = new Limit(4L << 10, "the request body");
    /** Past this, an oversize body is not drained any more: the answer goes out and the connection is dropped. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private final Map<String, Limit> byPath;
    private final Duration timeout;

    /**
     * @param byPath  the limit of each path that takes a body (a key ending in {@code /} covers every path below
     *                it); other paths get {@link #SMALL}
     * @param timeout the longest a body may take to arrive, first byte to last
     */
    RequestBodies(Map<String, Limit> byPath, Duration timeout) {
        this.byPath = Map.copyOf(byPath);
        this.timeout = timeout;
    }

    @Override
    public String description() {
        return "reads request bodies within a size limit and the read timeout";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Optional<ReadDeadline> deadline = ReadDeadline.current();
        deadline.ifPresent(ReadDeadline::disarm); // the headers are in
        if (deadline.isPresent() && deadline.get().expired()) {
            throw new IOException("the request's headers took longer than " + timeout);
        }
        long declared = declaredLength(exchange);
        if (declared == 0) {
            chain.doFilter(exchange);
            return;
        }
        Limit limit = limitOf(exchange.getRequestURI().getPath());
        if (declared > DRAIN_LIMIT) {
            refuse(exchange, 413, tooLarge(limit, declared));
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        deadline.ifPresent(d -> d.arm(timeout, () -> {
            if (answered.compareAndSet(false, true)) {
                answerWhileReading(exchange, 408, "the request body did not arrive within " + timeout.toMillis()
                        + " ms; send it again");
            }
        }));
        byte[] body;
        try {
            body = read(exchange.getRequestBody(), limit.bytes());
            if (body == null && answered.compareAndSet(false, true)) {
                // Answered while the deadline still runs: closing the exchange may drain more of the body.
                refuse(exchange, 413, tooLarge(limit, declared));
            }
        } catch (IOException e) {
            if (deadline.isPresent() && deadline.get().expired()) {
                throw new IOException("the request body took longer than " + timeout + " (answered 408)", e);
            }
            throw e;
        } finally {
            deadline.ifPresent(ReadDeadline::disarm);
        }
        if (deadline.isPresent() && deadline.get().expired()) {
            throw new IOException("the request body took longer than " + timeout + " (answered 408)");
        }
        if (body != null) {
            exchange.setStreams(new ByteArrayInputStream(body), null);
            chain.doFilter(exchange);
        }
    }

    private Limit limitOf(String path) {
        Limit exact = byPath.get(path);
        if (exact != null) {
            return exact;
        }
        return byPath.entrySet().stream().filter(e -> e.getKey().endsWith("/") && path.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(SMALL);
    }

    /** The body, or null when it is larger than {@code limit} (then read to its end, or to 64 MiB). */
    private static byte[] read(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total <= limit) {
                out.write(buffer, 0, n);
            } else if (total > DRAIN_LIMIT) {
                break;
            }
        }
        return total > limit ? null : out.toByteArray();
    }

    /** The declared body length in bytes: 0 for none, -1 for a chunked body of unknown length. */
    private static long declaredLength(HttpExchange exchange) {
        if (exchange.getRequestHeaders().getFirst("Transfer-Encoding") != null) {
            return -1;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return length == null ? 0 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1; // the server refuses these before filters run; read whatever comes, within the limits
        }
    }

    private static String tooLarge(Limit limit, long declared) {
        long max = limit.bytes();
        return limit.what() + " is too large: " + (declared >= 0 ? declared : "more than " + max)
                + " bytes, the limit is " + max + " bytes" + (max >= 1L << 20 ? " (" + (max >> 20) + " MiB)" : "");
    }

    private static void refuse(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("Connection", "close");
        Http.error(exchange, status, message);
        exchange.close();
    }

    /**
     * Answers from the deadline's thread while the handler thread is blocked reading the body. The response stream
     * is flushed but not closed: closing it would drain the body, which waits for the blocked read. The interrupt
     * that follows closes the connection.
     */
    private static void answerWhileReading(HttpExchange exchange, int status, String message) {
        byte[] json = Json.object(Map.of("error", message)).getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(status, json.length);
            OutputStream out = exchange.getResponseBody();
            out.write(json);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // The client is gone: closing the connection is all that is left.
        }
    }
}
