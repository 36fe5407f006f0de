package dev.videochat.asr.funasr;

import dev.videochat.api.AbstractCall;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.asr.RecognitionSession;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.asr.TranscriptHandler;
import dev.videochat.api.audio.AudioChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One recognition on one WebSocket: the configuration, PCM in 60 ms binary frames as it is fed (as fast as the
 * socket takes it), the end of speech, results until the last one, then the close. It is both the streaming
 * session of {@link FunAsrRecognizer#open} and the call of {@link FunAsrRecognizer#transcribe}. Results reach the
 * handler through {@link AbstractCall#deliver}, so none arrives once {@link #cancel()} has returned.
 */
final class FunAsrStream extends AbstractCall<Transcript> implements RecognitionSession, WebSocket.Listener {

    private static final Logger log = LoggerFactory.getLogger(FunAsrStream.class);
    /** How long a close frame may take to go out before the socket is dropped anyway, ms. */
    private static final long CLOSE_GRACE_MILLIS = 250;

    private final FunAsrSettings settings;
    private final FunAsrFailures failures;
    private final TranscriptHandler handler;
    private final ScheduledExecutorService timers;
    private final TranscriptAssembly assembly;
    private final SendQueue outbox;
    private final StringBuilder fragments = new StringBuilder();
    private volatile WebSocket socket;
    private volatile boolean speechEnded;
    /** Written under this object's lock by {@link #feed}; read from the listener without it. */
    private volatile long samplesFed;
    private volatile ScheduledFuture<?> finalTimer;

    FunAsrStream(FunAsrSettings settings, TranscriptHandler handler, ScheduledExecutorService timers) {
        super(Stage.ASR, FunAsrProvider.NAME);
        this.settings = settings;
        this.failures = new FunAsrFailures(settings);
        this.handler = handler;
        this.timers = timers;
        this.assembly = new TranscriptAssembly(settings.mode());
        this.outbox = new SendQueue(e -> {
            if (e instanceof Error) {
                failOnClient("sending", e);
            } else {
                failRecognition(failures.error(-1, true, "the connection broke while sending (did the server stop or close "
                        + "it?): " + e, e));
            }
        });
    }

    /** Connects; the configuration goes first, before any audio (the 2pass server ignores audio before it). */
    void start(HttpClient client) {
        outbox.text(FunAsrProtocol.config(settings));
        result().whenComplete((t, e) -> {
            outbox.stop();
            ScheduledFuture<?> timer = finalTimer;
            if (timer != null) {
                timer.cancel(false);
            }
        });
        client.newWebSocketBuilder()
                .subprotocols("binary")
                .connectTimeout(settings.connectTimeout())
                .buildAsync(settings.url(), this)
                .whenComplete((ws, e) -> {
                    try {
                        if (e != null) {
                            failRecognition(failures.connect(e));
                        } else if (isDone()) {
                            ws.abort();
                        }
                    } catch (Throwable t) { // thrown here it would vanish into the future's dependents
                        failOnClient("handling the connection attempt", t);
                    }
                });
    }

    @Override
    public synchronized void feed(AudioChunk chunk) {
        if (speechEnded || isCancelled()) {
            throw new IllegalStateException("[ASR/funasr] feed() after " + (isCancelled() ? "cancel()" : "finish()"));
        }
        if (chunk.sampleRate() != FunAsrProtocol.SAMPLE_RATE) {
            throw new IllegalArgumentException("[ASR/funasr] audio is at " + chunk.sampleRate() + " Hz but the FunASR "
                    + "server takes " + FunAsrProtocol.SAMPLE_RATE + " Hz: resample it first (Resampler.convert)");
        }
        int n = chunk.sampleCount();
        for (int at = 0; at < n; at += FunAsrProtocol.FRAME_SAMPLES) {
            int end = Math.min(n, at + FunAsrProtocol.FRAME_SAMPLES);
            ByteBuffer frame = ByteBuffer.allocate((end - at) * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = at; i < end; i++) {
                frame.putShort(chunk.sample(i));
            }
            // Back to big-endian before sending: the JDK's WebSocket masks the payload with the buffer's own byte
            // order, which scrambles every 8 bytes of a little-endian buffer (seen on JDK 17).
            outbox.binary(frame.flip().order(ByteOrder.BIG_ENDIAN));
        }
        samplesFed += n;
    }

    @Override
    public synchronized CompletionStage<Transcript> finish() {
        if (!speechEnded && !isCancelled()) {
            speechEnded = true;
            outbox.text(FunAsrProtocol.endOfSpeech());
            long millis = settings.finalTimeout().toMillis();
            finalTimer = timers.schedule(() -> failRecognition(failures.error(-1, true, "no final result within " + millis
                    + " ms after the end of speech (setting final-timeout): raise it for long audio or a busy "
                    + "server, and check the server's log", null)), millis, TimeUnit.MILLISECONDS);
            if (isDone()) {
                finalTimer.cancel(false); // it ended while the timer was being set
            }
        }
        return result();
    }

    /** Closes the socket at once (a close frame if it can go out quickly, then the TCP connection). */
    @Override
    protected void cancelWork() {
        WebSocket ws = socket;
        if (ws != null) {
            close(ws, "cancelled");
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        if (isDone()) {
            webSocket.abort();
            return;
        }
        try {
            outbox.open(webSocket);
        } catch (Throwable t) {
            failOnClient("starting to send", t);
            return;
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        try {
            fragments.append(data);
            if (last) {
                String message = fragments.toString();
                fragments.setLength(0);
                onResult(webSocket, FunAsrProtocol.parse(message));
            }
        } catch (IOException e) {
            failRecognition(failures.error(-1, false, "malformed message from the server: " + e.getMessage(), e));
        } catch (Throwable t) {
            // the WebSocket would pass it to onError, which would blame the connection
            failOnClient("reading the server's message", t);
            return null;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1); // the protocol has no binary results; ignore any
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        String why = "close " + statusCode + (reason == null || reason.isBlank() ? "" : ": " + reason);
        failRecognition(failures.error(statusCode, true, speechEnded
                ? "the server closed the connection before the final result (" + why + ")"
                : "the server closed the connection while audio was still coming (" + why + ")", null));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failRecognition(failures.error(-1, true, "the connection broke before the final result: " + error, error));
    }

    private void onResult(WebSocket ws, FunAsrProtocol.Result r) {
        log.trace("funasr result mode={} final={} end={}", r.mode(), r.isFinal(), r.isEnd());
        if (!r.error().isEmpty()) {
            failRecognition(failures.error(-1, false, "the server reported an error: " + r.error(), null));
            return;
        }
        try {
            deliver(() -> {
                if (r.isOnline()) {
                    Optional<String> partial = assembly.online(r.text());
                    if (partial.isPresent()) {
                        handler.onPartial(partial.get());
                    }
                } else if (r.isOffline()) {
                    Optional<String> sentence = assembly.sentence(r.text());
                    if (sentence.isPresent()) {
                        handler.onFinal(sentence(sentence.get(), r));
                    }
                }
                if (speechEnded && assembly.isLast(r)) {
                    Optional<String> rest = assembly.flush();
                    if (rest.isPresent()) {
                        handler.onFinal(new Transcript(rest.get(), assembly.language(), Duration.ZERO));
                    }
                    complete(new Transcript(assembly.text(), assembly.language(), audioFed()));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(); // a handler interrupted by someone else: the recognition cannot go on
            return;
        } catch (Throwable e) { // an Error too: it must end the recognition, not vanish into the WebSocket
            failRecognition(new VideoChatException(Stage.ASR, FunAsrProvider.NAME, "the transcript handler failed: "
                    + e, e));
            return;
        }
        if (isDone()) {
            close(ws, "");
        }
    }

    /** A sentence's transcript; its audio is known when the server sends start_time and end_time. */
    private Transcript sentence(String text, FunAsrProtocol.Result r) {
        Duration audio = r.startMs().isPresent() && r.endMs().isPresent()
                ? Duration.ofMillis(Math.max(0, r.endMs().getAsLong() - r.startMs().getAsLong())) : Duration.ZERO;
        return new Transcript(text, assembly.language(), audio);
    }

    private Duration audioFed() {
        return Duration.ofNanos(samplesFed * 1_000_000_000L / FunAsrProtocol.SAMPLE_RATE);
    }

    /**
     * Ends the recognition with {@code e}. It takes no lock: it is called from send completions that may run inside
     * {@link #feed} (which holds this object's lock) and from the listener (which may be inside a delivery).
     */
    private void failRecognition(VideoChatException e) {
        WebSocket ws = socket;
        if (fail(e) && ws != null) {
            ws.abort();
        }
    }

    /** Ends the recognition with a failure of this client's own code (a bug, an {@link Error}) in {@code where}. */
    private void failOnClient(String where, Throwable t) {
        failRecognition(new VideoChatException(Stage.ASR, FunAsrProvider.NAME, where + " failed: " + t, t));
    }

    private void close(WebSocket ws, String reason) {
        outbox.stop();
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, reason)
                    .orTimeout(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS)
                    .whenComplete((w, e) -> ws.abort());
        } catch (RuntimeException e) {
            ws.abort();
        }
    }
}
