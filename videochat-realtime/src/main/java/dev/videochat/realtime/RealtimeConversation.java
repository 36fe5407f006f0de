package dev.videochat.realtime;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.s2s.SpeechCall;
import dev.videochat.api.s2s.SpeechConversation;
import dev.videochat.api.s2s.SpeechHandler;
import dev.videochat.core.audio.Resampler;
import dev.videochat.realtime.RealtimeEvents.ServerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One conversation on one WebSocket. Events are read on the WebSocket's thread, in order, and routed to the
 * running {@link RealtimeResponse} by response id; events of a response cancelled earlier are dropped. Client
 * events go out one after another (the JDK's WebSocket allows one send at a time).
 */
final class RealtimeConversation implements SpeechConversation, WebSocket.Listener {

    private static final Logger log = LoggerFactory.getLogger(RealtimeConversation.class);
    /** Input audio goes out in appends of this many ms. */
    static final int APPEND_MS = 100;
    private static final long CLOSE_GRACE_MS = 2_000;

    private final RealtimeSettings settings;
    private final ScheduledExecutorService timers;
    private final Runnable onClose;
    private final AtomicLong eventIds = new AtomicLong();
    private final StringBuilder text = new StringBuilder();
    private final String sessionEventId;
    private volatile WebSocket socket;
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> watchdog;

    private final ResponseRouter router = new ResponseRouter();
    private final Object lock = new Object();
    // Guarded by lock.
    /** Why the conversation cannot go on (connection lost, session refused), once that happened. */
    private VideoChatException broken;
    private boolean closed;

    private RealtimeConversation(RealtimeSettings settings, ScheduledExecutorService timers, Runnable onClose) {
        this.settings = settings;
        this.timers = timers;
        this.onClose = onClose;
        this.sessionEventId = RealtimeEvents.SESSION_ID + eventIds.incrementAndGet();
    }

    /** Connects (waiting up to the connect timeout) and sends {@code session.update}. */
    static RealtimeConversation open(RealtimeSettings settings, HttpClient client, ScheduledExecutorService timers,
                                     Optional<String> instructions, Runnable onClose) {
        RealtimeConversation c = new RealtimeConversation(settings, timers, onClose);
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        settings.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        if (settings.openAiBetaHeader()) {
            builder.header("OpenAI-Beta", "realtime=v1");
        }
        CompletableFuture<WebSocket> connecting = builder.buildAsync(settings.connectUrl(), c);
        WebSocket ws;
        try {
            ws = connecting.get(settings.connectTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connecting.thenAccept(WebSocket::abort);
            throw c.error(-1, true, "interrupted while connecting", e);
        } catch (TimeoutException e) {
            connecting.thenAccept(WebSocket::abort);
            throw c.error(-1, true, "no handshake within " + settings.connectTimeout().toMillis()
                    + " ms (setting connect-timeout)", e);
        } catch (ExecutionException e) {
            throw c.handshakeError(e.getCause() == null ? e : e.getCause());
        }
        c.socket = ws;
        long tick = c.tickNanos();
        c.watchdog = timers.scheduleAtFixedRate(c::checkIdle, tick, tick, TimeUnit.NANOSECONDS);
        c.send(RealtimeEvents.sessionUpdate(c.sessionEventId, settings,
                instructions.or(settings::instructions)));
        log.debug("realtime conversation open: {}", settings);
        return c;
    }

    @Override
    public int outputSampleRate() {
        return settings.outputSampleRate();
    }

    @Override
    public SpeechCall respond(Optional<AudioChunk> audio, Optional<String> text, SpeechHandler handler) {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(handler, "handler");
        Optional<String> words = text.filter(t -> !t.isBlank());
        Optional<AudioChunk> speech = audio.filter(a -> !a.isEmpty());
        if (words.isEmpty() && speech.isEmpty()) {
            throw new IllegalArgumentException("give the user's audio or text (both were empty)");
        }
        RealtimeResponse response = new RealtimeResponse(this, handler, settings.outputSampleRate());
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the conversation is closed");
            }
            if (broken != null) {
                // Whatever ran has failed with it already.
                response.failWith(broken);
                return response;
            }
            router.start(response, speech.isPresent());
        }
        String turn = RealtimeEvents.TURN_ID + eventIds.incrementAndGet();
        speech.ifPresent(this::sendAudio);
        words.ifPresent(w -> send(RealtimeEvents.userText(turn + "_text", w)));
        // With server VAD the server commits the audio and starts the response itself.
        if (!settings.serverVad() || words.isPresent()) {
            send(RealtimeEvents.responseCreate(turn));
        }
        return response;
    }

    private void sendAudio(AudioChunk audio) {
        AudioChunk pcm = audio.sampleRate() == settings.inputSampleRate() ? audio
                : Resampler.convert(audio, settings.inputSampleRate());
        byte[] bytes = new byte[pcm.sampleCount() * 2];
        for (int i = 0; i < pcm.sampleCount(); i++) {
            short s = pcm.sample(i);
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        int step = settings.inputSampleRate() * APPEND_MS / 1000 * 2;
        for (int at = 0; at < bytes.length; at += step) {
            send(RealtimeEvents.append(RealtimeEvents.TURN_ID + eventIds.incrementAndGet(), bytes, at,
                    Math.min(step, bytes.length - at)));
        }
        if (!settings.serverVad()) {
            send(RealtimeEvents.commit(RealtimeEvents.TURN_ID + eventIds.incrementAndGet()));
        }
    }

    /** Called by a response once it was cancelled (or its handler failed): tells the server to stop it. */
    void cancelled(RealtimeResponse response) {
        Optional<String> id = response.responseId();
        router.cancelled(response);
        // Without an id yet (no response.created so far) the cancel goes out now and again once the id is known.
        send(RealtimeEvents.responseCancel(RealtimeEvents.CANCEL_ID + eventIds.incrementAndGet(), id));
    }

    void truncate(String itemId, long audioEndMs) {
        send(RealtimeEvents.truncate(RealtimeEvents.TRUNCATE_ID + eventIds.incrementAndGet(), itemId, audioEndMs));
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            try {
                onEvent(RealtimeEvents.parse(message));
            } catch (IOException e) {
                failRunning(error(-1, false, "malformed server event: " + e.getMessage(), e));
            } catch (RuntimeException e) {
                failRunning(new VideoChatException(Stage.S2S, RealtimeProvider.NAME,
                        "handling a server event failed: " + e, e));
            }
        }
        webSocket.request(1);
        return null;
    }

    private void onEvent(ServerEvent e) {
        log.trace("realtime event {}", e.type());
        switch (e.type()) {
            case "session.updated" -> checkSession(e);
            case "response.created" -> responseCreated(e.getOr("response.id", ""));
            case "response.output_item.added" -> {
                if ("assistant".equals(e.getOr("item.role", "assistant"))) {
                    route(e).ifPresent(r -> e.get("item.id").ifPresent(r::assistantItem));
                }
            }
            case "response.audio.delta", "response.output_audio.delta" ->
                    route(e).ifPresent(r -> r.audio(e.getOr("delta", "")));
            case "response.audio_transcript.delta", "response.output_audio_transcript.delta",
                    "response.text.delta", "response.output_text.delta" ->
                    route(e).ifPresent(r -> r.transcript(e.getOr("delta", "")));
            case "conversation.item.input_audio_transcription.completed" ->
                    router.lastAudio().ifPresent(r -> r.userTranscript(e.getOr("transcript", "")));
            case "response.done" -> responseDone(e);
            case "error" -> serverError(e);
            case "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped" ->
                    log.debug("server VAD: {}", e.type());
            case "rate_limits.updated" -> log.debug("rate limits updated");
            default -> route(e).ifPresent(RealtimeResponse::touched);
        }
    }

    private void checkSession(ServerEvent e) {
        Optional<String> format = e.get("session.output_audio_format");
        if (format.isPresent() && !format.get().equals(settings.outputAudioFormat())) {
            VideoChatException refused = error(-1, false, "the server answers in output audio format '"
                    + format.get() + "', not the '" + settings.outputAudioFormat() + "' this client reads"
                    + " (16-bit PCM only; setting output-audio-format)", null);
            breakWith(refused);
        }
    }

    private void responseCreated(String id) {
        Optional<RealtimeResponse> r = router.created(id);
        if (r.isEmpty()) {
            log.debug("response {} was not asked for by this client (server VAD?): ignored", id);
        } else if (r.get().isCancelled()) {
            // Cancelled before the server named it: cancel it by name now.
            send(RealtimeEvents.responseCancel(RealtimeEvents.CANCEL_ID + eventIds.incrementAndGet(),
                    Optional.of(id)));
        }
    }

    private Optional<RealtimeResponse> route(ServerEvent e) {
        return router.route(e.getOr("response_id", null));
    }

    private void responseDone(ServerEvent e) {
        String id = e.getOr("response.id", null);
        if (router.doneIgnored(id)) {
            return;
        }
        Optional<RealtimeResponse> running = router.route(id);
        if (running.isEmpty()) {
            return;
        }
        RealtimeResponse r = running.get();
        String status = e.getOr("response.status", "completed");
        String reason = e.get("response.status_details.reason")
                .or(() -> e.get("response.status_details.type")).orElse("no reason given");
        switch (status) {
            case "completed" -> r.completed();
            case "incomplete" -> {
                log.info("response {} incomplete ({}): ended with what was streamed", id, reason);
                r.completed();
            }
            case "cancelled" -> r.failWith(error(-1, false, "the server cancelled the response (" + reason + ")", null));
            default -> {
                String code = e.getOr("response.status_details.error.code", e.getOr("response.status_details.error.type", "?"));
                String message = e.getOr("response.status_details.error.message", reason);
                r.failWith(error(-1, isRetryable(code), "response " + status + ": " + code + ": " + message, null));
            }
        }
    }

    private void serverError(ServerEvent e) {
        String code = e.getOr("error.code", e.getOr("error.type", "?"));
        String message = e.getOr("error.message", "(no message)");
        String about = e.getOr("error.event_id", "");
        if (about.startsWith(RealtimeEvents.CANCEL_ID) || about.startsWith(RealtimeEvents.TRUNCATE_ID)
                || code.equals("response_cancel_not_active")) {
            // A cancel that came too late or a truncate the server could not apply: the response is over anyway.
            log.debug("server refused {}: {}: {}", about, code, message);
            return;
        }
        String hint = code.equals("rate_limit_exceeded") ? " (rate limit exceeded: wait and retry, or raise the limit)"
                : code.equals("invalid_api_key") ? " (check the key " + settings.keySource() + ")" : "";
        RemoteServiceException failure = error(-1, isRetryable(code),
                "server error " + code + hint + ": " + message, null);
        if (about.equals(sessionEventId)) {
            breakWith(failure);
        } else if (!failRunning(failure)) {
            log.warn("server error outside a response: {}: {}", code, message);
        }
    }

    private static boolean isRetryable(String code) {
        return code.equals("rate_limit_exceeded") || code.equals("server_error");
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        log.debug("realtime connection closed by the server: {} {}", statusCode, reason);
        boolean expected;
        synchronized (lock) {
            expected = closed;
        }
        if (!expected) {
            breakWith(error(statusCode, statusCode != WebSocket.NORMAL_CLOSURE, "the server closed the connection"
                    + " (close " + statusCode + (reason == null || reason.isBlank() ? "" : ": " + reason) + ")", null));
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        log.debug("realtime connection error", error);
        breakWith(error(-1, true, "the connection was lost: " + error, error));
    }

    private void checkIdle() {
        Optional<RealtimeResponse> r = router.running();
        long silent = r.isEmpty() ? 0 : System.nanoTime() - r.get().lastEventNanos();
        if (silent > tickNanos()) {
            // JDK 17's WebSocket now and then loses the end of a connection dropped without a close frame (an
            // InternalError inside its transport); a write to it does fail, so a quiet server is probed with pings
            // long before the idle timeout.
            probe();
        }
        if (r.isPresent() && silent > settings.idleTimeout().toNanos()) {
            // The server is stuck: this conversation's state on it is unknown, so it cannot go on.
            breakWith(error(-1, true, "no event from the server for " + settings.idleTimeout().toMillis()
                    + " ms during a response (setting idle-timeout)", null));
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
        }
    }

    /** Fails the running response and every later one with {@code failure}. */
    private void breakWith(VideoChatException failure) {
        synchronized (lock) {
            if (broken == null) {
                broken = failure;
            }
        }
        failRunning(failure);
    }

    private boolean failRunning(VideoChatException failure) {
        return router.detachRunning().map(r -> r.failWith(failure)).orElse(false);
    }

    /** How often the watchdog looks: a quarter of the idle timeout, at most a second. */
    private long tickNanos() {
        return Math.min(settings.idleTimeout().toNanos() / 4, TimeUnit.SECONDS.toNanos(1));
    }

    private void probe() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        synchronized (this) {
            sends = sends.thenCompose(x -> ws.sendPing(java.nio.ByteBuffer.allocate(0))).whenComplete((x, e) -> {
                if (e != null) {
                    breakWith(error(-1, true, "the connection was lost: " + e, e));
                }
            });
        }
    }

    /** Sends one client event after the previous one. */
    private void send(String message) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        synchronized (this) {
            sends = sends.thenCompose(x -> ws.sendText(message, true)).whenComplete((x, e) -> {
                if (e != null) {
                    breakWith(error(-1, true, "sending to the server failed: " + e, e));
                }
            });
        }
    }

    /** Cancels the running response and closes the connection (abandoned after 2 s without the server's close). */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        router.running().ifPresent(RealtimeResponse::cancel);
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        WebSocket ws = socket;
        if (ws != null) {
            synchronized (this) {
                sends = sends.handle((x, e) -> null).thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""));
            }
            try {
                timers.schedule(ws::abort, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                ws.abort();
            }
        }
        onClose.run();
    }

    private RemoteServiceException handshakeError(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            Object body = h.getResponse().body();
            String hint = status == 401 || status == 403
                    ? ": the server refused the key (check the key " + settings.keySource() + ")"
                    : status == 429 ? ": rate limited (wait and retry)" : "";
            String text = body == null ? "" : " " + RealtimeEvents.abbreviate(String.valueOf(body));
            return error(status, status == 429 || status >= 500, "handshake refused with HTTP " + status + hint
                    + text, cause);
        }
        return error(-1, true, "cannot connect: " + cause, cause);
    }

    private RemoteServiceException error(int status, boolean retryable, String message, Throwable cause) {
        return new RemoteServiceException(Stage.S2S, RealtimeProvider.NAME, settings.endpoint(), status, retryable,
                message, cause);
    }
}
