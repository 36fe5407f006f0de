package dev.videochat.tts.synthesis;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Executors with named daemon threads for the engines' synthesis work. */
public final class EngineThreads {

    private EngineThreads() {
    }

    /**
     * An executor running at most {@code threads} syntheses at once (later ones wait in an unbounded queue);
     * idle threads end after a minute. Threads are named {@code videochat-tts-<provider>-<n>}.
     */
    public static ExecutorService executor(String provider, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread t = new Thread(task, "videochat-tts-" + provider + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Closes an engine's executor: running syntheses are interrupted, and those still waiting for a thread fail
     * with an {@link IllegalStateException} rather than leave their callers waiting.
     */
    public static void shutdownNow(ExecutorService executor) {
        for (Runnable neverRun : executor.shutdownNow()) {
            if (neverRun instanceof SynthesisCall.Queued queued) {
                queued.abandon();
            }
        }
    }
}
