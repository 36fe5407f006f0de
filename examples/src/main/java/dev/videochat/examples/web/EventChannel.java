package dev.videochat.examples.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server-sent events of one tab: messages are queued as the pipeline produces them (never blocking it) and
 * written to the tab's {@code text/event-stream} response. A reconnecting tab takes over from its previous
 * response; messages sent while no response is attached wait for the next one (the oldest are dropped past
 * {@link #CAPACITY}).
 */
final class EventChannel implements AutoCloseable {

    /** Messages kept while no response is attached. */
    static final int CAPACITY = 2_000;
    private static final byte[] END = new byte[0];

    private final LinkedBlockingDeque<byte[]> queue = new LinkedBlockingDeque<>(CAPACITY);
    private final AtomicInteger readerTokens = new AtomicInteger();
    private final AtomicInteger attached = new AtomicInteger();
    private volatile boolean closed;

    /** Queues the event {@code name} with {@code json} as its data. */
    void send(String name, String json) {
        byte[] message = ("event: " + name + "\ndata: " + json.replace("\n", "\ndata: ") + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        while (!closed && !queue.offerLast(message)) {
            queue.pollFirst();
        }
    }

    /** Whether a response is streaming the events now. */
    boolean isAttached() {
        return attached.get() > 0;
    }

    /**
     * Writes events to {@code out} until the channel closes, another response takes over, or the client goes away
     * (an {@link IOException}). A comment line goes out every {@code heartbeat} of silence, so a closed tab is
     * noticed; {@code alive} runs after each successful write.
     */
    void stream(OutputStream out, Duration heartbeat, Runnable alive) throws IOException, InterruptedException {
        int token = readerTokens.incrementAndGet();
        attached.incrementAndGet();
        try {
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed && readerTokens.get() == token) {
                byte[] message = queue.pollFirst(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (message == END) {
                    break;
                }
                if (readerTokens.get() != token) {
                    if (message != null) {
                        queue.offerFirst(message);
                    }
                    break;
                }
                out.write(message == null ? ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8) : message);
                out.flush();
                alive.run();
            }
        } finally {
            attached.decrementAndGet();
        }
    }

    /** Ends the attached response, if any; later messages are dropped. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        queue.offerLast(END);
    }
}
