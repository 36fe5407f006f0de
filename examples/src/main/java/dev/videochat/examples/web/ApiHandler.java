package dev.videochat.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The page's API under {@code /api/}: open a session, stream its events and media, send text or audio, stop the
 * turn, change avatar or voice, close. Every session-bound call names its session with {@code ?sid=}, so each
 * tab (each page load) is a conversation of its own.
 */
final class ApiHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    /** Raw PCM uploads without a {@code rate} parameter are taken as 16 kHz mono 16-bit little-endian. */
    static final int DEFAULT_UPLOAD_RATE = 16_000;

    private final WebSessions sessions;
    private final WebDemo.Limits limits;
    private final boolean webRtc;

    ApiHandler(WebSessions sessions, WebDemo.Limits limits, boolean webRtc) {
        this.sessions = sessions;
        this.limits = limits;
        this.webRtc = webRtc;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // Not try-with-resources: the exchange must stay open for the error answers below.
        try {
            String route = route(exchange);
            String method = exchange.getRequestMethod();
            boolean get = route.equals("events") || route.equals("media");
            if (!method.equals(get ? "GET" : "POST")) {
                exchange.getResponseHeaders().set("Allow", get ? "GET" : "POST");
                Http.error(exchange, 405, "use " + (get ? "GET" : "POST") + " for /api/" + route);
                return;
            }
            if (route.equals("session")) {
                Map<String, Object> state = new java.util.LinkedHashMap<>(sessions.create().describe());
                state.put("webrtc", webRtc ? WebDemo.WEBRTC_PATH + "/" + state.get("sid") : null);
                Http.json(exchange, 200, Json.object(state));
                return;
            }
            Optional<WebSession> found = Http.param(exchange, "sid").flatMap(sessions::get);
            if (found.isEmpty()) {
                Http.error(exchange, 404, "unknown or expired session: reload the page to start a new one");
                return;
            }
            WebSession session = found.get();
            session.touch();
            switch (route) {
                case "events" -> events(exchange, session);
                case "media" -> media(exchange, session);
                case "say" -> say(exchange, session);
                case "ask" -> ask(exchange, session);
                case "stop" -> {
                    session.stop();
                    Http.json(exchange, 202, "{}");
                }
                case "options" -> Http.json(exchange, 200, Json.object(session.open(
                        Http.param(exchange, "avatar"), Http.param(exchange, "voice"))));
                case "close" -> {
                    sessions.close(session.id());
                    Http.send(exchange, 204, "text/plain", new byte[0]);
                }
                default -> Http.error(exchange, 404, "no such API: /api/" + route);
            }
        } catch (Http.Refused e) {
            Http.error(exchange, e.status(), e.getMessage());
        } catch (WebSessions.Full e) {
            Http.error(exchange, 503, e.getMessage());
        } catch (VideoChatException e) {
            // An engine's message may quote what it read (a file, a server's answer): it goes to the log only.
            log.warn("{} /api/{} failed: {}", exchange.getRequestMethod(), route(exchange), e.toString());
            Http.error(exchange, e instanceof ConfigurationException ? 409 : 500, "the " + e.stage()
                    + " stage (" + e.provider() + ") failed; the server's log says why");
        } catch (IllegalArgumentException e) {
            log.info("{} /api/{} refused: {}", exchange.getRequestMethod(), route(exchange), e.toString());
            Http.error(exchange, 400, "the request is malformed; the server's log says why");
        } catch (IllegalStateException e) {
            log.debug("{} /api/{} refused: {}", exchange.getRequestMethod(), route(exchange), e.toString());
            Http.error(exchange, 409, "the session is closed or closing: reload the page to start a new one");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (closed tab, reload): nothing to answer.
            log.debug("{} /api/{}: {}", exchange.getRequestMethod(), route(exchange), e.toString());
        } catch (RuntimeException e) {
            log.warn("{} /api/{} failed", exchange.getRequestMethod(), route(exchange), e);
            Http.error(exchange, 500, "the server failed; its log says why");
        } finally {
            exchange.close();
        }
    }

    private static String route(HttpExchange exchange) {
        return exchange.getRequestURI().getPath().substring("/api/".length());
    }

    private void events(HttpExchange exchange, WebSession session) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            session.events().stream(out, limits.heartbeat(), session::touch);
        } finally {
            session.touch();
        }
    }

    private void media(HttpExchange exchange, WebSession session) throws IOException, InterruptedException {
        int generation;
        try {
            generation = Integer.parseInt(Http.param(exchange, "gen").orElse("-1"));
        } catch (NumberFormatException e) {
            throw new Http.Refused(400, "gen must be a number");
        }
        Optional<MediaChannel> channel = session.media(generation);
        if (channel.isEmpty()) {
            Http.error(exchange, 410, "this media stream was replaced (the avatar or voice changed)");
            return;
        }
        Optional<byte[]> init = Optional.empty();
        while (init.isEmpty() && !channel.get().isClosed()) {
            init = channel.get().awaitInit(Duration.ofSeconds(1));
        }
        if (init.isEmpty()) {
            Http.error(exchange, 410, "this media stream has ended");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "video/mp4");
        exchange.getResponseHeaders().set("X-Codecs", Mp4Codecs.of(init.get()));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            channel.get().stream(out);
        }
    }

    private void say(HttpExchange exchange, WebSession session) throws IOException {
        String text = new String(Http.body(exchange), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new Http.Refused(400, "type something to say first");
        }
        Http.json(exchange, 202, Json.object(Map.of("turn", session.say(text))));
    }

    private void ask(HttpExchange exchange, WebSession session) throws IOException {
        byte[] body = Http.body(exchange);
        if (!sessions.engines().recognizer()) {
            Http.error(exchange, 409, "No speech recognizer is configured, so the microphone cannot be used: set "
                    + "VIDEOCHAT_ASR to a speech recognition engine (and VIDEOCHAT_LLM to answer), or type instead.");
            return;
        }
        AudioChunk audio = decode(body, rate(exchange));
        Http.json(exchange, 202, Json.object(Map.of("turn", session.ask(audio))));
    }

    private static int rate(HttpExchange exchange) {
        Optional<String> rate = Http.param(exchange, "rate");
        try {
            int hz = rate.map(Integer::parseInt).orElse(DEFAULT_UPLOAD_RATE);
            if (hz < 8_000 || hz > 192_000) {
                throw new NumberFormatException();
            }
            return hz;
        } catch (NumberFormatException e) {
            throw new Http.Refused(400, "rate must be a sample rate in Hz, 8000 to 192000");
        }
    }

    /** A WAV file, or raw 16-bit little-endian mono PCM at {@code rate} Hz. */
    static AudioChunk decode(byte[] body, int rate) {
        if (body.length >= 12 && new String(body, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")) {
            try {
                return Wav.read(body);
            } catch (IOException e) {
                throw new Http.Refused(400, "the recording is not a WAV file the server can read (16-bit PCM)");
            }
        }
        if (body.length % 2 != 0) {
            throw new Http.Refused(400, "raw PCM must be 16-bit samples: got an odd number of bytes");
        }
        short[] samples = new short[body.length / 2];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return new AudioChunk(samples, rate);
    }
}
