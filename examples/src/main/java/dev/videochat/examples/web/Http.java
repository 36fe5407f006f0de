package dev.videochat.examples.web;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The small HTTP chores of the demo's handlers: query strings, bounded bodies, JSON and error answers. */
final class Http {

    /** Past this, an oversize body is not drained any more and the connection is dropped after the answer. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private Http() {
    }

    /**
     * A request the demo refuses, with a message of its own making for the page (never an engine's or a file's
     * text): answered with {@code status}.
     */
    static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** A request whose body is over its limit; answered with 413. */
    static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message);
        }
    }

    /** The decoded query parameters (the last value of a repeated name wins). */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A query parameter, when present and not blank. */
    static Optional<String> param(HttpExchange exchange, String name) {
        String v = query(exchange).get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /**
     * Reads the request body, at most {@code limit} bytes. A larger body is read to its end (up to 64 MiB) and
     * thrown away, so the client can read the 413 answer instead of seeing its upload cut off.
     *
     * @throws TooLarge naming the limit, when the body is larger
     */
    static byte[] body(HttpExchange exchange, long limit, String what) throws IOException, TooLarge {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
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
            if (total > limit) {
                throw new TooLarge(what + " is too large: " + (declared != null ? declared : "more than " + limit)
                        + " bytes, the limit is " + limit + " bytes (" + (limit >> 20) + " MiB)");
            }
            return out.toByteArray();
        }
    }

    /** Answers {@code status} with a JSON body. */
    static void json(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code status} with {@code {"error": message}}, which the page shows as it is. */
    static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Json.object(Map.of("error", message)));
    }

    /** Answers {@code status} with {@code body}. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
