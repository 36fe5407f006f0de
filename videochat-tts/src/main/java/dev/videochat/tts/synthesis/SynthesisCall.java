package dev.videochat.tts.synthesis;

import dev.videochat.api.AbstractCall;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.WordTiming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One running synthesis, shared by every engine of this module: it runs the engine's work on an executor, passes
 * audio on to the caller's {@link SynthesisHandler}, counts samples and records the time to the first audio chunk.
 * The {@link dev.videochat.api.Call} contract comes from {@link AbstractCall}: no callback runs once
 * {@link #cancel()} has returned, and a handler blocked in {@code onAudio} is interrupted (that interrupt never
 * leaks into the engine's own code).
 *
 * <p>Cancelling also runs the hooks registered with {@link #onCancel(Runnable)} (killing a process, closing a
 * stream), so that the engine's work ends soon; what the work reports after that is dropped.
 */
public final class SynthesisCall extends AbstractCall<SynthesisResult> {

    private static final Logger log = LoggerFactory.getLogger(SynthesisCall.class);

    /** The engine's work for one synthesis; it delivers audio through {@link #deliver(AudioChunk)}. */
    @FunctionalInterface
    public interface Work {
        /**
         * Synthesizes, delivering audio as it is produced. Returning normally completes the call; throwing fails
         * it (unless it was cancelled, when the failure is expected and dropped).
         */
        void run(SynthesisCall call) throws Exception;
    }

    private final SynthesisHandler handler;
    private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();

    // Written by the delivering thread only; read after the work ends.
    private volatile long firstAudioNanos = -1;
    private volatile long samples;
    private volatile int sampleRate;

    private SynthesisCall(String provider, SynthesisHandler handler) {
        super(Stage.TTS, provider);
        this.handler = handler;
    }

    /**
     * Starts {@code work} on {@code executor}. The clock for the time to first audio starts now.
     *
     * @throws IllegalStateException when the executor no longer accepts work (the engine was closed)
     */
    public static SynthesisCall start(String provider, Executor executor, SynthesisHandler handler, Work work) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(work, "work");
        SynthesisCall call = new SynthesisCall(Objects.requireNonNull(provider, "provider"), handler);
        try {
            executor.execute(new Queued(call, work));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("[TTS/" + provider + "] the engine is closed", e);
        }
        return call;
    }

    /** The work of one call as queued on an engine's executor; see {@link EngineThreads#shutdownNow}. */
    static final class Queued implements Runnable {
        private final SynthesisCall call;
        private final Work work;

        private Queued(SynthesisCall call, Work work) {
            this.call = call;
            this.work = work;
        }

        @Override
        public void run() {
            call.runWork(work);
        }

        /** The engine closed before this call's work started: the call fails instead of waiting forever. */
        void abandon() {
            call.failWith(new IllegalStateException("[TTS/" + call.provider() + "] the engine was closed before "
                    + "this synthesis started"));
        }
    }

    private void runWork(Work work) {
        if (isCancelled()) {
            return;
        }
        try {
            work.run(this);
            Duration ttfa = Duration.ofNanos((firstAudioNanos < 0 ? System.nanoTime() : firstAudioNanos) - startNanos);
            complete(new SynthesisResult(sampleRate, samples, ttfa));
        } catch (Throwable e) {
            // Any Throwable: an Error (out of memory, a missing native library) from the engine or the handler
            // must end the call too, or whoever awaits it waits forever.
            failWith(e);
        }
    }

    private void failWith(Throwable e) {
        try {
            if (isCancelled()) {
                log.debug("[TTS/{}] work ended after cancel: {}", provider(), e.toString());
                return;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            fail(e instanceof VideoChatException ? e
                    : new VideoChatException(Stage.TTS, provider(), "synthesis failed: " + e, e));
        } catch (Throwable again) {
            // Describing the failure failed as well (no memory left for the message, say): report it bare.
            fail(e);
        }
    }

    /**
     * Passes {@code chunk} to the handler unless the call was cancelled. Empty chunks are dropped.
     *
     * @return {@code false} when the call is cancelled and the engine should stop
     * @throws InterruptedException  when the handler was interrupted for a reason other than this call's cancel
     * @throws IllegalStateException when the chunk's sample rate differs from earlier chunks'
     */
    public boolean deliver(AudioChunk chunk) throws InterruptedException {
        if (chunk.isEmpty()) {
            return !isCancelled();
        }
        if (sampleRate == 0) {
            sampleRate = chunk.sampleRate();
        } else if (sampleRate != chunk.sampleRate()) {
            throw new IllegalStateException("sample rate changed within one synthesis: " + sampleRate + " Hz, then "
                    + chunk.sampleRate() + " Hz");
        }
        return deliver(() -> {
            if (firstAudioNanos < 0) {
                firstAudioNanos = System.nanoTime();
            }
            handler.onAudio(chunk);
            samples += chunk.sampleCount();
        });
    }

    /**
     * Passes a word timing to the handler unless the call was cancelled.
     *
     * @return {@code false} when the call is cancelled and the engine should stop
     */
    public boolean word(WordTiming word) throws InterruptedException {
        return deliver(() -> handler.onWord(word));
    }

    /** Sets the sample rate reported when the synthesis ends without any audio, in Hz. */
    public void expectSampleRate(int hz) {
        if (sampleRate == 0) {
            sampleRate = hz;
        }
    }

    /** Runs {@code hook} when the call is cancelled (at once if it already was). Hooks must not block for long. */
    public void onCancel(Runnable hook) {
        cancelHooks.add(hook);
        if (isCancelled() && cancelHooks.remove(hook)) {
            runHook(hook);
        }
    }

    @Override
    protected void cancelWork() {
        for (Runnable hook : cancelHooks) {
            if (cancelHooks.remove(hook)) {
                runHook(hook);
            }
        }
    }

    private void runHook(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            log.warn("[TTS/{}] releasing a cancelled synthesis failed", provider(), e);
        }
    }
}
