package dev.videochat.examples.web;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's handler threads: a fixed number, however many clients connect. Each exchange starts with a
 * {@link ReadDeadline} on its headers (the JDK server reads them on the handler thread, after the first byte
 * arrives), so a client that sends part of a request and stops is cut off after the read timeout instead of holding
 * a thread. Exchanges beyond the pool wait in its queue.
 */
final class HandlerPool implements Executor, AutoCloseable {

    private final int size;
    private final Duration readTimeout;
    private final ExecutorService threads;
    private final ScheduledExecutorService timer;

    /**
     * @param name        the thread name prefix; handler threads are named {@code name + "-handler-" + n}
     * @param size        the number of handler threads
     * @param readTimeout the longest a client may take to send a request's headers
     */
    HandlerPool(String name, int size, Duration readTimeout) {
        if (size < 1) {
            throw new IllegalArgumentException("a handler pool needs at least 1 thread, got " + size);
        }
        this.size = size;
        this.readTimeout = readTimeout;
        this.threads = Executors.newFixedThreadPool(size, named(name + "-handler-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named(name + "-deadlines-"));
    }

    /** The number of handler threads. */
    int size() {
        return size;
    }

    @Override
    public void execute(Runnable exchange) {
        threads.execute(() -> {
            ReadDeadline deadline = ReadDeadline.begin(timer, readTimeout);
            try {
                exchange.run();
            } finally {
                deadline.end();
            }
        });
    }

    /** Interrupts the running exchanges and stops the threads. */
    @Override
    public void close() {
        threads.shutdownNow();
        timer.shutdownNow();
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
