package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One peer's event thread: state changes and microphone chunks reach the application here, in order, off
 * libwebrtc's threads (a slow consumer must not stall the audio device thread every peer shares). State changes
 * are never dropped; microphone chunks beyond the backlog are.
 */
final class PeerEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerEvents.class);
    private static final long CLOSE_WAIT_MS = 2_000;

    private final String peerId;
    private final Consumer<PeerState> stateListener;
    private final Consumer<AudioChunk> microphone;
    private final int backlog;
    private final AtomicInteger pendingMicrophone = new AtomicInteger();
    private final AtomicLong droppedMicrophone = new AtomicLong();
    private final ExecutorService executor;
    private volatile Thread eventThread;

    PeerEvents(String peerId, PeerOptions options) {
        this.peerId = peerId;
        this.stateListener = options.stateListener();
        this.microphone = options.microphone().orElse(chunk -> { });
        this.backlog = options.microphoneBacklog();
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "videochat-webrtc-peer-" + peerId);
                    t.setDaemon(true);
                    eventThread = t;
                    return t;
                });
    }

    void state(PeerState state) {
        submit(() -> {
            try {
                stateListener.accept(state);
            } catch (RuntimeException e) {
                log.warn("peer {}: state listener failed on {}", peerId, state, e);
            }
        });
    }

    void microphone(AudioChunk chunk) {
        if (pendingMicrophone.incrementAndGet() > backlog) {
            pendingMicrophone.decrementAndGet();
            if (droppedMicrophone.getAndIncrement() % 500 == 0) {
                log.warn("peer {}: microphone consumer is slow; {} chunk(s) of 10 ms dropped so far", peerId,
                        droppedMicrophone.get());
            }
            return;
        }
        submit(() -> {
            pendingMicrophone.decrementAndGet();
            try {
                microphone.accept(chunk);
            } catch (RuntimeException e) {
                log.warn("peer {}: microphone consumer failed", peerId, e);
            }
        });
    }

    /** Microphone chunks dropped because the consumer fell behind. */
    long droppedMicrophoneChunks() {
        return droppedMicrophone.get();
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // Closed: nothing more is delivered.
        }
    }

    /**
     * Delivers what is queued (the final {@link PeerState#CLOSED} included), then stops the thread. Called on the
     * event thread itself (a listener closing its peer), it does not wait for itself.
     */
    @Override
    public void close() {
        executor.shutdown();
        if (Thread.currentThread() == eventThread) {
            return;
        }
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                log.warn("peer {}: a listener is still running {} ms after close; interrupting it", peerId,
                        CLOSE_WAIT_MS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
