package dev.videochat.examples.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The page's side of the API, over a real HTTP client on loopback, for tests. */
final class DemoClient {

    private static final Pattern SID = Pattern.compile("\"sid\":\"([0-9a-f]+)\"");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final URI base;

    DemoClient(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, byte[] body, String type) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Opens a session as a new tab does; returns its id. */
    String openSession() throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/session", new byte[0], "text/plain");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("session: " + r.statusCode() + " " + r.body());
        }
        Matcher m = SID.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no sid in " + r.body());
        }
        return m.group(1);
    }

    /** Sends a request line exactly as written (no client-side normalization); returns the whole answer. */
    String rawGet(String rawPath) throws IOException {
        return raw("GET " + rawPath + " HTTP/1.1\r\nHost: " + hostAndPort() + "\r\nConnection: close\r\n\r\n");
    }

    /** The server's {@code Host}, as a browser on this address sends it. */
    String hostAndPort() {
        return base.getHost() + ":" + base.getPort();
    }

    /**
     * Sends {@code request} byte for byte (headers a client library would not let through, such as a forged
     * {@code Host}) and reads the answer until the server closes the connection.
     */
    String raw(String request) throws IOException {
        try (Socket socket = send(request)) {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Opens a connection and sends {@code bytes} on it, leaving it open; reads on it time out after 30 s. */
    Socket send(String bytes) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    /** Reads server-sent events until one named {@code name} whose data contains {@code contains}; its data. */
    static String awaitEvent(BufferedReader events, String name, String contains) throws IOException {
        String event = null;
        for (String line; (line = events.readLine()) != null; ) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && name.equals(event) && line.contains(contains)) {
                return line.substring(6);
            }
        }
        throw new IOException("the event stream ended before a '" + name + "' event containing " + contains);
    }
}
