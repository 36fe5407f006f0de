package dev.videochat.tts.cosyvoice;

import dev.videochat.api.AbstractCall;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One synthesis: its tasks (text longer than one task takes is cut into several) run one after another, each on
 * its own WebSocket, into one stream of audio. The result sums their samples; the time to first audio counts from
 * the request to the first chunk of whichever task produced audio first. Cancelling cancels the running task, whose
 * own cancel guarantees that no audio reaches the handler once it returns, and starts no further one.
 */
final class CosyVoiceCall extends AbstractCall<SynthesisResult> {

    private final CosyVoiceSettings settings;
    private final HttpClient client;
    private final String voice;
    private final List<List<String>> tasks;
    private final SynthesisHandler handler;
    private final ScheduledExecutorService timers;
    private final long startNanos = System.nanoTime();
    // Guarded by this.
    private CosyVoiceTask current;

    CosyVoiceCall(CosyVoiceSettings settings, HttpClient client, String voice, List<List<String>> tasks,
                  SynthesisHandler handler, ScheduledExecutorService timers) {
        super(Stage.TTS, CosyVoiceProvider.NAME);
        this.settings = settings;
        this.client = client;
        this.voice = voice;
        this.tasks = tasks;
        this.handler = handler;
        this.timers = timers;
    }

    void start() {
        if (tasks.isEmpty()) {
            complete(new SynthesisResult(settings.sampleRate(), 0, Duration.ofNanos(System.nanoTime() - startNanos)));
            return;
        }
        run(0, 0, null, settings.sampleRate());
    }

    /** Starts task {@code index}, having delivered {@code samples} so far (first audio after {@code ttfa}). */
    private void run(int index, long samples, Duration ttfa, int rate) {
        CosyVoiceTask task;
        synchronized (this) {
            if (isCancelled()) {
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
                    fail(cause);
                }
                return;
            }
            boolean hadAudio = r.samples() > 0;
            Duration first = ttfa != null ? ttfa : hadAudio ? r.timeToFirstAudio() : null;
            int sampleRate = hadAudio && samples == 0 ? r.sampleRate() : rate;
            long total = samples + r.samples();
            try {
                if (index + 1 == tasks.size()) {
                    complete(new SynthesisResult(sampleRate, total,
                            first != null ? first : Duration.ofNanos(System.nanoTime() - startNanos)));
                } else {
                    run(index + 1, total, first, sampleRate);
                }
            } catch (Throwable next) {
                // Thrown in this callback it would vanish with the task's future (the engine closed meanwhile, say).
                fail(next instanceof VideoChatException ? next
                        : new VideoChatException(Stage.TTS, CosyVoiceProvider.NAME, "starting the next task failed: "
                        + next, next));
            }
        });
    }

    /** Cancels the running task (the server is told); no further one starts. */
    @Override
    protected void cancelWork() {
        CosyVoiceTask running;
        synchronized (this) {
            running = current;
        }
        if (running != null) {
            running.cancel();
        }
    }
}
