package dev.videochat.llm;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Builds the HTTP request of a streaming chat. */
final class HttpRequests {

    private HttpRequests() {
    }

    /**
     * A POST of {@code body} to the endpoint, with its key and extra headers. Plain {@code http} (local servers)
     * uses HTTP/1.1, where cancelling closes the connection, which the server sees at once; {@code https} lets the
     * client negotiate HTTP/2, where cancelling resets only the stream and the next turn reuses the connection
     * instead of paying for a new TLS handshake.
     *
     * @param headersWait how long to wait for the response headers, connecting included; the body's reads are
     *                    watched by the caller
     */
    static HttpRequest build(ChatEndpoint endpoint, byte[] body, Duration headersWait) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.url())
                .timeout(headersWait)
                .header("Content-Type", "application/json")
                .header("Accept", endpoint.format().accept())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if ("http".equalsIgnoreCase(endpoint.url().getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        if (endpoint.apiKey() != null) {
            builder.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        endpoint.headers().forEach(builder::header);
        return builder.build();
    }
}
