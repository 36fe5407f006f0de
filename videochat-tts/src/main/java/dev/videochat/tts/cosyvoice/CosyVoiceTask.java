package dev.videochat.tts.cosyvoice;

import dev.videochat.api.AbstractCall;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One task on one WebSocket, from {@code run-task} to {@code task-finished}: a whole synthesis, or one part of a
 * long one (see {@link CosyVoiceCall}). Audio reaches the handler through {@link AbstractCall#deliver}, so none
 * arrives once {@link #cancel()} has returned.
 */
final class CosyVoiceTask extends AbstractCall<SynthesisResult> implements WebSocket.Listener {

    private static final Logger log = LoggerFactory.getLogger(CosyVoiceTask.class);

    private final CosyVoiceSettings settings;
    private final String voice;
    private final List<String> texts;
    private final SynthesisHandler handler;
    private final ScheduledExecutorService timers;
    private final String taskId = UUID.randomUUID().toString().replace("-", "");
    /** How long a cancelled task waits for the server's task-finished before dropping the socket. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(2);

    /** Guards the decoder, which the socket's thread uses and the end of the task closes. */
    private final Object decoderLock = new Object();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final CosyVoiceAudioDecoder decoder;
    private final long startNanos;
    private volatile WebSocket socket;
    private volatile long lastMessageNanos = System.nanoTime();
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> watchdog;
    // Written in deliveries, read by the socket's thread that makes them.
    private long samples;
    private long firstAudioNanos;
    private int sampleRate;
    // Guarded by decoderLock.
    private boolean decoderClosed;

    /**
     * @param startNanos {@link System#nanoTime()} when the synthesis was asked for: the time to first audio counts
     *                   from there
     */
    CosyVoiceTask(CosyVoiceSettings settings, String voice, List<String> texts, SynthesisHandler handler,
                  ScheduledExecutorService timers, long startNanos) {
        super(Stage.TTS, CosyVoiceProvider.NAME);
        this.settings = settings;
        this.voice = voice;
        this.texts = texts;
        this.handler = handler;
        this.timers = timers;
        this.startNanos = startNanos;
        this.decoder = CosyVoiceAudioDecoder.of(settings.format(), settings.sampleRate());
        result().whenComplete((r, e) -> {
            synchronized (decoderLock) {
                decoderClosed = true;
                decoder.close();
            }
        });
    }

    void start(HttpClient client) {
        if (texts.isEmpty()) {
            complete(new SynthesisResult(settings.sampleRate(), 0, Duration.ofNanos(System.nanoTime() - startNanos)));
            return;
        }
        long idle = settings.idleTimeout().toNanos();
        watchdog = timers.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastMessageNanos > idle) {
                failTask(error(-1, true, "no message from the server for " + settings.idleTimeout().toMillis()
                        + " ms before task-finished (setting idle-timeout)", null));
            }
        }, idle / 4, idle / 4, TimeUnit.NANOSECONDS);
        result().whenComplete((r, e) -> watchdog.cancel(false));
        client.newWebSocketBuilder()
                .header("Authorization", "Bearer " + settings.apiKey())
                .connectTimeout(settings.connectTimeout())
                .buildAsync(settings.url(), this)
                .whenComplete((ws, e) -> {
                    if (e != null) {
                        failTask(handshakeError(e));
                    } else if (isCancelled() || isDone()) {
                        ws.abort();
                    } else {
                        send(ws, CosyVoiceProtocol.runTask(taskId, settings, voice));
                    }
                });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastMessageNanos = System.nanoTime();
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            try {
                onEvent(webSocket, CosyVoiceProtocol.parseEvent(message));
            } catch (IOException e) {
                failTask(error(-1, false, "malformed server message: " + e.getMessage(), e));
            } catch (Throwable e) {
                failTask(new VideoChatException(Stage.TTS, CosyVoiceProvider.NAME, "handling a server message failed: " + e,
                        e));
            }
        }
        webSocket.request(1);
        return null;
    }

    private void onEvent(WebSocket ws, CosyVoiceProtocol.Event event) {
        switch (event.name()) {
            case "task-started" -> {
                if (isCancelled()) {
                    return; // the cancel directive is already on its way; send no text after it
                }
                for (String t : texts) {
                    send(ws, CosyVoiceProtocol.continueTask(taskId, t));
                }
                send(ws, CosyVoiceProtocol.finishTask(taskId, false));
            }
            case "task-finished" -> {
                // After a cancel this is the server confirming it; either way the task is over: close cleanly.
                decodeAndDeliver(null);
                long first = firstAudioNanos == 0 ? System.nanoTime() : firstAudioNanos;
                complete(new SynthesisResult(sampleRate == 0 ? settings.sampleRate() : sampleRate, samples,
                        Duration.ofNanos(first - startNanos)));
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
            }
            case "task-failed" -> {
                failTask(error(-1, false, "task failed: " + Optional.ofNullable(event.errorCode()).orElse("?") + ": "
                        + Optional.ofNullable(event.errorMessage()).orElse("(no message)"), null));
                ws.abort();
            }
            default -> log.trace("cosyvoice event {}", event.name());
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        lastMessageNanos = System.nanoTime();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.write(bytes, 0, bytes.length);
        if (last) {
            byte[] frame = binary.toByteArray();
            binary.reset();
            try {
                decodeAndDeliver(frame);
            } catch (Throwable e) {
                failTask(new VideoChatException(Stage.TTS, CosyVoiceProvider.NAME, "handling audio failed: " + e, e));
            }
        }
        webSocket.request(1);
        return null;
    }

    /** Decodes one binary frame ({@code null}: the end of the stream) and passes its PCM on. */
    private void decodeAndDeliver(byte[] frame) {
        AudioChunk chunk;
        synchronized (decoderLock) {
            if (isCancelled() || isDone() || decoderClosed) {
                return;
            }
            try {
                chunk = frame == null ? decoder.finish() : decoder.decode(frame);
            } catch (RuntimeException e) {
                failTask(error(-1, false, "the " + settings.format().wireName() + " audio from the server is "
                        + "unreadable: " + e.getMessage(), e));
                return;
            }
        }
        if (chunk.isEmpty()) {
            return;
        }
        try {
            deliver(() -> {
                if (firstAudioNanos == 0) {
                    firstAudioNanos = System.nanoTime();
                    sampleRate = chunk.sampleRate();
                }
                samples += chunk.sampleCount();
                handler.onAudio(chunk);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
        } catch (Throwable e) {
            // An Error too: thrown into the WebSocket it would never reach whoever awaits the call.
            failTask(new VideoChatException(Stage.TTS, CosyVoiceProvider.NAME, "the audio handler failed: " + e, e));
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!isDone()) {
            failTask(error(statusCode, statusCode != WebSocket.NORMAL_CLOSURE,
                    "server closed the connection before task-finished (close " + statusCode
                            + (reason == null || reason.isBlank() ? "" : ": " + reason) + ")", null));
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failTask(error(-1, true, "connection failed before task-finished: " + error, error));
    }

    /**
     * Asks the server to drop the rest (finish-task with the cancel directive); the socket closes normally when
     * the server confirms with task-finished, or is aborted after {@link #CANCEL_GRACE} without it.
     */
    @Override
    protected void cancelWork() {
        WebSocket ws = socket;
        if (ws != null) {
            synchronized (this) {
                sends = sends.thenCompose(x -> ws.sendText(CosyVoiceProtocol.finishTask(taskId, true), true));
            }
            try {
                timers.schedule(ws::abort, CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                ws.abort(); // the engine is closing: no time to wait for the server
            }
        }
    }

    /** Sends one message after the previous one (the WebSocket allows one outstanding send). */
    private synchronized void send(WebSocket ws, String message) {
        sends = sends.thenCompose(x -> ws.sendText(message, true)).whenComplete((x, e) -> {
            if (e != null) {
                failTask(error(-1, true, "sending to the server failed: " + e, e));
            }
        });
    }

    private void failTask(VideoChatException e) {
        if (fail(e)) {
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
        }
    }

    private RemoteServiceException handshakeError(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            Object body = h.getResponse().body();
            String hint = status == 401 || status == 403 ? " (check DASHSCOPE_API_KEY and the region of the endpoint)" : "";
            return error(status, status == 429 || status >= 500,
                    "handshake refused with HTTP " + status + hint + (body == null ? "" : ": " + body), cause);
        }
        return error(-1, true, "cannot connect: " + cause, cause);
    }

    private RemoteServiceException error(int status, boolean retryable, String message, Throwable cause) {
        return new RemoteServiceException(Stage.TTS, CosyVoiceProvider.NAME, withoutQuery(settings.url()), status,
                retryable, message, cause);
    }

    private static URI withoutQuery(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getAuthority() + (uri.getPath() == null ? "" : uri.getPath()));
    }
}
