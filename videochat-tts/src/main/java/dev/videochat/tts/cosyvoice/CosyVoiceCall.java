package dev.videochat.tts.cosyvoice;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One synthesis: its tasks (text longer than one task takes is cut into several) run one after another, each on
 * its own WebSocket, into one stream of audio. The result sums their samples; the time to first audio counts from
 * the request to the first chunk of whichever task produced audio first.
 */
final class CosyVoiceCall implements Call<SynthesisResult> {

    private final CosyVoiceSettings settings;
    private final HttpClient client;
    private final String voice;
    private final List<List<String>> tasks;
    private final SynthesisHandler handler;
    private final ScheduledExecutorService timers;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<SynthesisResult> result = new CompletableFuture<>();
    // Guarded by this.
    private CosyVoiceTask current;
    private boolean cancelled;

    CosyVoiceCall(CosyVoiceSettings settings, HttpClient client, String voice, List<List<String>> tasks,
                  SynthesisHandler handler, ScheduledExecutorService timers) {
        this.settings = settings;
        this.client = client;
        this.voice = voice;
        this.tasks = tasks;
        this.handler = handler;
        this.timers = timers;
    }

    void start() {
        if (tasks.isEmpty()) {
            result.complete(new SynthesisResult(settings.sampleRate(), 0, Duration.ofNanos(System.nanoTime() - startNanos)));
            return;
        }
        run(0, 0, null, settings.sampleRate());
    }

    /** Starts task {@code index}, having delivered {@code samples} so far (first audio after {@code ttfa}). */
    private void run(int index, long samples, Duration ttfa, int rate) {
        CosyVoiceTask task;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            task = new CosyVoiceTask(settings, voice, tasks.get(index), handler, timers, startNanos);
            current = task;
        }
        task.start(client);
        task.result().whenComplete((r, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (!(cause instanceof CancellationException)) {
                    result.completeExceptionally(cause);
                }
                return;
            }
            boolean hadAudio = r.samples() > 0;
            Duration first = ttfa != null ? ttfa : hadAudio ? r.timeToFirstAudio() : null;
            int sampleRate = hadAudio && samples == 0 ? r.sampleRate() : rate;
            long total = samples + r.samples();
            try {
                if (index + 1 == tasks.size()) {
                    result.complete(new SynthesisResult(sampleRate, total,
                            first != null ? first : Duration.ofNanos(System.nanoTime() - startNanos)));
                } else {
                    run(index + 1, total, first, sampleRate);
                }
            } catch (Throwable next) {
                // Thrown in this callback it would vanish with the task's future (the engine closed meanwhile, say).
                result.completeExceptionally(next instanceof VideoChatException ? next
                        : new VideoChatException(Stage.TTS, CosyVoiceProvider.NAME, "starting the next task failed: "
                        + next, next));
            }
        });
    }

    @Override
    public CompletionStage<SynthesisResult> result() {
        return result;
    }

    /** Cancels the running task (the server is told) and starts no further one. */
    @Override
    public void cancel() {
        CosyVoiceTask running;
        synchronized (this) {
            if (cancelled || result.isDone()) {
                return;
            }
            cancelled = true;
            running = current;
        }
        // The running task's own cancel guarantees that no audio reaches the handler once it returns.
        if (running != null) {
            running.cancel();
        }
        result.completeExceptionally(new CancellationException("synthesis cancelled"));
    }
}
