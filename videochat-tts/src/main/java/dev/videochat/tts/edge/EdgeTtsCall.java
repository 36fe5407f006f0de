package dev.videochat.tts.edge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.videochat.api.AbstractCall;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.WordTiming;
import dev.videochat.ffmpeg.AudioStreamDecoder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One synthesis: its pieces one after another, each on its own WebSocket, run on one engine thread. Audio and word
 * timings reach the handler through {@link AbstractCall#deliver}, so none arrives once {@link #cancel()} has
 * returned; cancelling aborts the socket and wakes the engine thread.
 */
final class EdgeTtsCall extends AbstractCall<SynthesisResult> {

    /** Edge's PCM after decoding the 24 kHz MP3. */
    static final int RATE = 24_000;
    private static final JsonFactory JSON = new JsonFactory();
    /** RFC 6455 close code 1007: the service's answer to a voice or SSML it does not accept. */
    private static final int INVALID_DATA = 1007;

    private final EdgeSettings settings;
    private final HttpClient client;
    private final String voice;
    private final List<String> pieces;
    private final SynthesisHandler handler;
    private final long startNanos = System.nanoTime();
    private volatile WebSocket socket;
    private volatile Thread runner;
    private Duration clockSkew = Duration.ZERO;
    // Written in deliveries, one at a time; read by the engine thread once a piece has ended.
    private volatile long samples;
    private volatile long firstAudioNanos;

    EdgeTtsCall(EdgeSettings settings, HttpClient client, String voice, List<String> pieces, SynthesisHandler handler) {
        super(Stage.TTS, EdgeTtsProvider.NAME);
        this.settings = settings;
        this.client = client;
        this.voice = voice;
        this.pieces = pieces;
        this.handler = handler;
    }

    void run() {
        runner = Thread.currentThread();
        try (AudioStreamDecoder mp3 = new AudioStreamDecoder("mp3", RATE)) {
            for (String piece : pieces) {
                if (isCancelled()) {
                    return;
                }
                long offsetSamples = samples;
                speak(piece, mp3, offsetSamples);
            }
            deliverAudio(mp3.finish());
            long first = firstAudioNanos == 0 ? System.nanoTime() : firstAudioNanos;
            complete(new SynthesisResult(RATE, samples, Duration.ofNanos(first - startNanos)));
        } catch (InterruptedException | CancellationException e) {
            fail(new CancellationException("[TTS/" + EdgeTtsProvider.NAME + "] synthesis cancelled"));
        } catch (Throwable e) {
            // Any Throwable, an Error included (out of memory, FFmpeg's natives missing): the caller must not
            // wait forever.
            failWith(e);
        } finally {
            runner = null;
            Thread.interrupted();
        }
    }

    private void failWith(Throwable e) {
        try {
            fail(e instanceof VideoChatException ? e
                    : new VideoChatException(Stage.TTS, EdgeTtsProvider.NAME, "synthesis failed: " + e, e));
        } catch (Throwable again) {
            fail(e); // no memory left to describe it, say
        }
    }

    /** One request: speech.config, the SSML, then audio and metadata until turn.end. */
    private void speak(String escapedText, AudioStreamDecoder mp3, long offsetSamples) throws InterruptedException {
        PieceListener listener = new PieceListener(mp3, offsetSamples);
        WebSocket ws = connect(listener, true);
        socket = ws;
        Instant now = Instant.now().plus(clockSkew);
        ws.sendText(EdgeMessages.speechConfig(now, settings.wordBoundaries()), true)
                .thenCompose(w -> w.sendText(EdgeMessages.ssml(hex(), now, voice, settings.prosody(), escapedText), true));
        long idle = settings.idleTimeout().toNanos();
        while (true) {
            try {
                listener.done.get(Math.max(1, idle / 4), TimeUnit.NANOSECONDS);
                break;
            } catch (TimeoutException e) {
                if (System.nanoTime() - listener.lastMessage > idle) {
                    ws.abort();
                    throw error(-1, true, "no message from the server for " + settings.idleTimeout().toMillis()
                            + " ms before turn.end (setting idle-timeout)", null);
                }
            } catch (ExecutionException e) {
                ws.abort();
                throw e.getCause() instanceof VideoChatException v ? v
                        : error(-1, true, "the connection failed before turn.end: " + e.getCause(), e.getCause());
            }
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
    }

    private WebSocket connect(WebSocket.Listener listener, boolean mayRetry) throws InterruptedException {
        URI uri = URI.create(settings.url() + "?TrustedClientToken=" + SecMsGec.TRUSTED_CLIENT_TOKEN
                + "&ConnectionId=" + hex() + "&Sec-MS-GEC=" + SecMsGec.token(Instant.now().plus(clockSkew))
                + "&Sec-MS-GEC-Version=1-" + settings.chromiumVersion());
        try {
            return client.newWebSocketBuilder()
                    .connectTimeout(settings.connectTimeout())
                    .header("Pragma", "no-cache")
                    .header("Cache-Control", "no-cache")
                    .header("Origin", "chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold")
                    .header("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/" + settings.chromiumMajor() + ".0.0.0 Safari/537.36 Edg/" + settings.chromiumMajor()
                            + ".0.0.0")
                    .header("Accept-Language", "en-US,en;q=0.9")
                    .header("Cookie", "muid=" + hex().toUpperCase(Locale.ROOT) + ";")
                    .buildAsync(uri, listener).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                if (status == 403 && mayRetry) {
                    // The token is time-based: correct the clock from the server's Date header and try once more.
                    h.getResponse().headers().firstValue("Date").ifPresent(date -> clockSkew = Duration.between(
                            Instant.now(), ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
                    return connect(listener, false);
                }
                throw error(status, status == 429 || status >= 500, "handshake refused with HTTP " + status
                        + (status == 403 ? " (the service may reject this client version: setting chromium-version)" : ""),
                        cause);
            }
            throw error(-1, true, "cannot connect: " + cause, cause);
        }
    }

    /** Passes decoded audio to the handler; throws {@link CancellationException} once the call is cancelled. */
    private void deliverAudio(AudioChunk pcm) throws InterruptedException {
        if (pcm.isEmpty()) {
            return;
        }
        boolean open = deliver(() -> {
            if (firstAudioNanos == 0) {
                firstAudioNanos = System.nanoTime();
            }
            samples += pcm.sampleCount();
            handler.onAudio(pcm);
        });
        if (!open) {
            throw new CancellationException();
        }
    }

    /** Aborts the socket of the running piece and wakes the engine thread waiting for it. */
    @Override
    protected void cancelWork() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        Thread t = runner;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    private RemoteServiceException error(int status, boolean retryable, String message, Throwable cause) {
        return new RemoteServiceException(Stage.TTS, EdgeTtsProvider.NAME, settings.url(), status, retryable,
                message, cause);
    }

    private static String hex() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Receives one request's frames. */
    private final class PieceListener implements WebSocket.Listener {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile long lastMessage = System.nanoTime();
        private final AudioStreamDecoder mp3;
        private final long offsetSamples;
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        PieceListener(AudioStreamDecoder mp3, long offsetSamples) {
            this.mp3 = mp3;
            this.offsetSamples = offsetSamples;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastMessage = System.nanoTime();
            text.append(data);
            if (last) {
                try {
                    EdgeMessages.Frame frame = EdgeMessages.parseText(text.toString());
                    if (frame.path().equals("turn.end")) {
                        done.complete(null);
                    } else if (frame.path().equals("audio.metadata")) {
                        words(frame.body());
                    }
                } catch (InterruptedException | CancellationException e) {
                    done.completeExceptionally(new CancellationException());
                } catch (Throwable e) {
                    // Thrown here it would reach the WebSocket, not the synthesis (a handler's onWord failing).
                    done.completeExceptionally(handlingFailed("a text message", e));
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            lastMessage = System.nanoTime();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                try {
                    EdgeMessages.Frame frame = EdgeMessages.parseBinary(ByteBuffer.wrap(binary.toByteArray()));
                    // Once the request has ended (failed, cancelled) its decoder may be closed: drop late audio.
                    if (frame.path().equals("audio") && frame.payload().length > 0 && !done.isDone()) {
                        deliverAudio(mp3.feed(frame.payload()));
                    }
                } catch (IllegalArgumentException e) {
                    done.completeExceptionally(error(-1, false, "malformed audio frame: " + e.getMessage(), e));
                } catch (InterruptedException | CancellationException e) {
                    done.completeExceptionally(new CancellationException());
                } catch (Throwable e) {
                    done.completeExceptionally(handlingFailed("audio", e));
                } finally {
                    binary.reset();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!done.isDone()) {
                String why = " (close " + statusCode + (reason == null || reason.isBlank() ? "" : ": " + reason) + ")";
                if (statusCode == INVALID_DATA) {
                    // How the service refuses a request it cannot speak, e.g. "Unsupported voice zh-CN-XiaochenNeural."
                    done.completeExceptionally(error(statusCode, false, "the service refused the request for voice '"
                            + voice + "'" + why + ": check the voice name (setting 'voice') and the SSML prosody",
                            null));
                } else {
                    done.completeExceptionally(error(statusCode, true, "server closed the connection before turn.end"
                            + why, null));
                }
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            done.completeExceptionally(error(-1, true, "connection failed before turn.end: " + error, error));
        }

        private VideoChatException handlingFailed(String what, Throwable e) {
            return e instanceof VideoChatException v ? v
                    : new VideoChatException(Stage.TTS, EdgeTtsProvider.NAME, "handling " + what + " failed: " + e, e);
        }

        /** WordBoundary entries: offsets in 100 ns ticks from the start of this request's audio. */
        private void words(String json) throws InterruptedException {
            try (JsonParser p = JSON.createParser(json)) {
                String type = null;
                long offset = -1;
                long duration = 0;
                String word = null;
                while (p.nextToken() != null) {
                    if (p.currentToken() != JsonToken.FIELD_NAME) {
                        continue;
                    }
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "Type" -> type = p.getValueAsString();
                        case "Offset" -> offset = p.getValueAsLong();
                        case "Duration" -> duration = p.getValueAsLong();
                        case "Text" -> {
                            if (p.currentToken() == JsonToken.VALUE_STRING) {
                                word = p.getValueAsString();
                            }
                        }
                        default -> { }
                    }
                    if ("WordBoundary".equals(type) && offset >= 0 && word != null) {
                        Duration base = Duration.ofNanos(offsetSamples * 1_000_000_000L / RATE);
                        WordTiming timing = new WordTiming(word, base.plusNanos(offset * 100),
                                Duration.ofNanos(duration * 100));
                        if (!deliver(() -> handler.onWord(timing))) {
                            throw new CancellationException();
                        }
                        type = null;
                        offset = -1;
                        word = null;
                    }
                }
            } catch (IOException e) {
                done.completeExceptionally(error(-1, false, "malformed word metadata: " + e.getMessage(), e));
            }
        }
    }
}
