package dev.videochat.realtime;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.s2s.SpeechCall;
import dev.videochat.api.s2s.SpeechHandler;
import dev.videochat.api.s2s.SpeechResult;

import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One response of a {@link RealtimeConversation}: what the server streams for it goes to the handler, under one
 * lock that {@link #cancel()} also takes, so that no callback runs once cancel has returned.
 */
final class RealtimeResponse implements SpeechCall {

    private final RealtimeConversation conversation;
    private final SpeechHandler handler;
    private final int outputRate;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<SpeechResult> result = new CompletableFuture<>();
    private final Object callbackLock = new Object();
    private volatile boolean cancelled;
    /** The last time the server sent anything for this response (or the request went out), from nanoTime. */
    private volatile long lastEventNanos = startNanos;
    private volatile String responseId;
    private volatile String itemId;
    // Guarded by callbackLock.
    private final StringBuilder transcript = new StringBuilder();
    private String userTranscript;
    private long firstAudioNanos;
    private long samples;
    /** A byte left over from a delta of odd length (a sample split across two deltas), or -1. */
    private int carry = -1;

    RealtimeResponse(RealtimeConversation conversation, SpeechHandler handler, int outputRate) {
        this.conversation = conversation;
        this.handler = handler;
        this.outputRate = outputRate;
    }

    @Override
    public CompletionStage<SpeechResult> result() {
        return result;
    }

    /** Sends {@code response.cancel}; returns at once; no callback runs after it returns. */
    @Override
    public void cancel() {
        synchronized (callbackLock) {
            if (result.isDone()) {
                return;
            }
            cancelled = true;
            result.completeExceptionally(new CancellationException("response cancelled"));
        }
        conversation.cancelled(this);
    }

    /** Sends {@code conversation.item.truncate} for the assistant's item, cut at what was played (ms). */
    @Override
    public void truncate(Duration played) {
        Objects.requireNonNull(played, "played");
        if (played.isNegative()) {
            throw new IllegalArgumentException("played must be >= 0, got " + played);
        }
        long heardMs;
        boolean cutShort;
        synchronized (callbackLock) {
            long deliveredMs = samples * 1000 / outputRate;
            heardMs = Math.min(played.toMillis(), deliveredMs);
            cutShort = heardMs < deliveredMs || cancelled || result.isCompletedExceptionally();
        }
        String item = itemId;
        if (item != null && cutShort) {
            conversation.truncate(item, heardMs);
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    boolean isRunning() {
        return !result.isDone();
    }

    long lastEventNanos() {
        return lastEventNanos;
    }

    Optional<String> responseId() {
        return Optional.ofNullable(responseId);
    }

    void created(String id) {
        lastEventNanos = System.nanoTime();
        responseId = id;
    }

    void assistantItem(String id) {
        lastEventNanos = System.nanoTime();
        if (itemId == null) {
            itemId = id;
        }
    }

    /** Any event for this response: keeps the idle watchdog quiet. */
    void touched() {
        lastEventNanos = System.nanoTime();
    }

    /** One {@code response.audio.delta}: base64 of little-endian 16-bit PCM. */
    void audio(String base64) {
        lastEventNanos = System.nanoTime();
        byte[] bytes = Base64.getDecoder().decode(base64);
        synchronized (callbackLock) {
            if (!isRunning()) {
                return;
            }
            int start = 0;
            int count = (bytes.length + (carry >= 0 ? 1 : 0)) / 2;
            short[] pcm = new short[count];
            int n = 0;
            if (carry >= 0 && bytes.length > 0) {
                pcm[n++] = (short) ((carry & 0xFF) | (bytes[0] << 8));
                start = 1;
                carry = -1;
            }
            for (int i = start; i + 1 < bytes.length; i += 2) {
                pcm[n++] = (short) ((bytes[i] & 0xFF) | (bytes[i + 1] << 8));
            }
            if ((bytes.length - start) % 2 == 1) {
                carry = bytes[bytes.length - 1] & 0xFF;
            }
            if (n == 0) {
                return;
            }
            if (firstAudioNanos == 0) {
                firstAudioNanos = System.nanoTime();
            }
            samples += n;
            deliver(() -> handler.onAudio(new AudioChunk(pcm, outputRate)));
        }
    }

    void transcript(String delta) {
        lastEventNanos = System.nanoTime();
        synchronized (callbackLock) {
            if (!isRunning() || delta.isEmpty()) {
                return;
            }
            transcript.append(delta);
            deliver(() -> handler.onTranscript(delta));
        }
    }

    /**
     * What the server heard the user say. The server transcribes on the side, so this may come after the response
     * ended: then only the handler hears of it (unless the response was cancelled).
     */
    void userTranscript(String text) {
        synchronized (callbackLock) {
            if (cancelled) {
                return;
            }
            if (isRunning()) {
                userTranscript = text;
            }
            deliver(() -> handler.onUserTranscript(text));
        }
    }

    /** {@code response.done} with status {@code completed} or {@code incomplete}: the answer as streamed. */
    void completed() {
        synchronized (callbackLock) {
            if (!isRunning()) {
                return;
            }
            result.complete(new SpeechResult(transcript.toString(), Optional.ofNullable(userTranscript),
                    firstAudioNanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(firstAudioNanos - startNanos)),
                    samples));
        }
    }

    /** Ends the response with {@code error}; false when it had already ended. */
    boolean fail(VideoChatException error) {
        synchronized (callbackLock) {
            return result.completeExceptionally(error);
        }
    }

    private interface Callback {
        void run() throws InterruptedException;
    }

    /** Runs a handler callback; holds callbackLock. */
    private void deliver(Callback callback) {
        try {
            callback.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
        } catch (Throwable e) {
            // Thrown into the WebSocket it would never reach whoever awaits the call.
            if (fail(new VideoChatException(Stage.S2S, RealtimeProvider.NAME, "the speech handler failed: " + e, e))) {
                conversation.cancelled(this);
            }
        }
    }
}
