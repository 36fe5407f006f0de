package dev.videochat.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the registry's meters in the Prometheus text format (version 0.0.4), for a Prometheus
 * server to scrape. Each request reads the meters afresh; the gauges read the engine's levels at that moment.
 */
final class MetricsEndpoint implements HttpHandler {

    /** The content type Prometheus expects of the text format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                Http.error(exchange, 404, "no such page: " + exchange.getRequestURI().getPath());
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                Http.error(exchange, 405, "use GET for /metrics");
            } else {
                Http.send(exchange, 200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            exchange.close();
        }
    }
}
