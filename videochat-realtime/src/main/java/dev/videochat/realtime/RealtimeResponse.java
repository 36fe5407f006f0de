package dev.videochat.realtime;

import dev.videochat.api.AbstractCall;
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

/**
 * One response of a {@link RealtimeConversation}: what the server streams for it goes to the handler through
 * {@link AbstractCall#deliver}, so that no callback runs once {@link #cancel()} has returned.
 */
final class RealtimeResponse extends AbstractCall<SpeechResult> implements SpeechCall {

    private final RealtimeConversation conversation;
    private final SpeechHandler handler;
    private final int outputRate;
    private final long startNanos = System.nanoTime();
    /** The last time the server sent anything for this response (or the request went out), from nanoTime. */
    private volatile long lastEventNanos = startNanos;
    private volatile String responseId;
    private volatile String itemId;
    /** Guards the tally below: written in deliveries, read by {@link #completed()} and {@link #truncate}. */
    private final Object tally = new Object();
    private final StringBuilder transcript = new StringBuilder();
    private String userTranscript;
    private long firstAudioNanos;
    private long samples;
    /** A byte left over from a delta of odd length (a sample split across two deltas), or -1. */
    private int carry = -1;

    RealtimeResponse(RealtimeConversation conversation, SpeechHandler handler, int outputRate) {
        super(Stage.S2S, RealtimeProvider.NAME);
        this.conversation = conversation;
        this.handler = handler;
        this.outputRate = outputRate;
    }

    /** Sends {@code response.cancel}. */
    @Override
    protected void cancelWork() {
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
        synchronized (tally) {
            long deliveredMs = samples * 1000 / outputRate;
            heardMs = Math.min(played.toMillis(), deliveredMs);
            cutShort = heardMs < deliveredMs || result().toCompletableFuture().isCompletedExceptionally();
        }
        String item = itemId;
        if (item != null && cutShort) {
            conversation.truncate(item, heardMs);
        }
    }

    /**
     * Whether the response still wants the server's events: not once its cancel has begun, although the result
     * settles only after the cancel has told the server (so a response.created racing the cancel is ignored by id).
     */
    boolean isRunning() {
        return !isDone() && !isCancelled();
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
        handOver(() -> {
            short[] pcm;
            synchronized (tally) {
                pcm = samplesOf(bytes);
                if (pcm.length == 0) {
                    return;
                }
                if (firstAudioNanos == 0) {
                    firstAudioNanos = System.nanoTime();
                }
                samples += pcm.length;
            }
            handler.onAudio(new AudioChunk(pcm, outputRate));
        }, false);
    }

    /** The samples of {@code bytes}, with the byte carried over from the last delta; holds tally. */
    private short[] samplesOf(byte[] bytes) {
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
        return pcm;
    }

    void transcript(String delta) {
        lastEventNanos = System.nanoTime();
        if (delta.isEmpty()) {
            return;
        }
        handOver(() -> {
            synchronized (tally) {
                transcript.append(delta);
            }
            handler.onTranscript(delta);
        }, false);
    }

    /**
     * What the server heard the user say. The server transcribes on the side, so this may come after the response
     * ended: then only the handler hears of it (unless the response was cancelled).
     */
    void userTranscript(String text) {
        synchronized (tally) {
            if (isRunning()) {
                userTranscript = text;
            }
        }
        handOver(() -> handler.onUserTranscript(text), true);
    }

    /** {@code response.done} with status {@code completed} or {@code incomplete}: the answer as streamed. */
    void completed() {
        if (!isRunning()) {
            return;
        }
        SpeechResult summary;
        synchronized (tally) {
            summary = new SpeechResult(transcript.toString(), Optional.ofNullable(userTranscript),
                    firstAudioNanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(firstAudioNanos - startNanos)),
                    samples);
        }
        complete(summary);
    }

    /** Ends the response with {@code error}; false when it had already ended. */
    boolean failWith(VideoChatException error) {
        return fail(error);
    }

    /** Runs a handler callback; a handler that fails fails the response and stops it on the server. */
    private void handOver(Delivery callback, boolean evenAfterTheEnd) {
        try {
            if (evenAfterTheEnd) {
                deliverUnlessCancelled(callback);
            } else {
                deliver(callback);
            }
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
