package dev.videochat.asr.funasr;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Sends messages in order, each as soon as the previous one has gone: the JDK's WebSocket allows one outstanding
 * send at a time. Messages queued before the socket opens wait for it. Thread-safe.
 */
final class SendQueue {

    private final Queue<Object> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final Consumer<Throwable> onFailure;
    private volatile WebSocket socket;
    private volatile boolean stopped;

    /** @param onFailure told when a send fails, or throws; nothing more is sent after that */
    SendQueue(Consumer<Throwable> onFailure) {
        this.onFailure = onFailure;
    }

    /** Starts sending on {@code ws}. */
    void open(WebSocket ws) {
        socket = ws;
        pump();
    }

    /** Queues {@code message}; ignored once stopped. */
    void text(String message) {
        if (stopped) {
            return;
        }
        pending.add(message);
        pump();
    }

    /** Queues {@code data}, which must not be touched afterwards; ignored once stopped. */
    void binary(ByteBuffer data) {
        if (stopped) {
            return;
        }
        pending.add(data);
        pump();
    }

    /** Drops what is still queued and sends nothing more. */
    void stop() {
        stopped = true;
        pending.clear();
    }

    private void pump() {
        while (true) {
            WebSocket ws = socket;
            if (ws == null || stopped || !sending.compareAndSet(false, true)) {
                return;
            }
            Object next = pending.poll();
            if (next == null) {
                sending.set(false);
                if (pending.isEmpty()) {
                    return;
                }
                continue; // something arrived between poll and set
            }
            CompletableFuture<WebSocket> sent;
            try {
                sent = next instanceof String text ? ws.sendText(text, true) : ws.sendBinary((ByteBuffer) next, true);
            } catch (Throwable e) {
                sending.set(false);
                fail(e);
                return;
            }
            if (!sent.isDone()) {
                sent.whenComplete((w, e) -> {
                    sending.set(false);
                    if (e != null) {
                        fail(e);
                        return;
                    }
                    try {
                        pump();
                    } catch (Throwable t) { // thrown here it would vanish into the future's dependents
                        fail(t);
                    }
                });
                return;
            }
            // Completed at once: loop rather than recurse, so a fast socket cannot overflow the stack.
            sending.set(false);
            if (sent.isCompletedExceptionally()) {
                sent.exceptionally(e -> {
                    fail(e);
                    return null;
                });
                return;
            }
        }
    }

    private void fail(Throwable e) {
        if (!stopped) {
            stop();
            onFailure.accept(e);
        }
    }
}
