package dev.videochat.examples.web;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The small HTTP chores of the demo's handlers: query strings, bodies, JSON and error answers. */
final class Http {

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

    /** The request body, which {@link RequestBodies} has already read within its route's limit. */
    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
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
