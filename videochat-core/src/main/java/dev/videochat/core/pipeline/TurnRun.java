package dev.videochat.core.pipeline;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.StageTimeoutException;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnListener;
import dev.videochat.api.turn.TurnMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One turn's machinery: four threads (source, TTS, THG, mux) joined by bounded queues, the stop logic shared by
 * cancel, failure and deadlines, and metrics. Events go to the session's event thread. The last stage thread to
 * exit finishes the turn: it realigns the media, then hands the final event to the event thread, which completes
 * {@link #result()} just before the listeners see it.
 */
final class TurnRun implements Turn {

    private static final Logger log = LoggerFactory.getLogger(TurnRun.class);

    final Session session;
    final String id;
    final TurnInput input;
    final TurnTimings timings = new TurnTimings();
    final TurnQueues queues;
    /** What each stage is waiting on, for the idle deadline. */
    final StageActivity activity = new StageActivity(4);
    final StringBuffer answer = new StringBuffer();

    volatile Call<?> asrCall;
    volatile Call<?> llmCall;
    volatile Call<?> ttsCall;
    /** The speech-to-speech response of a spoken turn. */
    volatile dev.videochat.api.s2s.SpeechCall speechCall;
    volatile String userText;
    /** Which stage the source thread is in: ASR, then LLM. */
    volatile Stage sourceStage = Stage.LLM;
    /** The packet whose media the muxer is writing (mux thread). */
    volatile int muxPacket;
    /** Whether media was written since the last cut (mux thread, then the finishing thread). */
    boolean muxDirty;

    private final List<TurnListener> listeners;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<VideoChatException> failure = new AtomicReference<>();
    private final CompletableFuture<TurnEvent> completion = new CompletableFuture<>();
    /** What {@link #result()} hands out: callers cannot complete it. */
    private final CompletionStage<TurnEvent> result = completion.minimalCompletionStage();
    /** Counted down once the stages have stopped and {@link #end} is set. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Completes once the listeners have received the final event. */
    private final CompletableFuture<Void> delivered = new CompletableFuture<>();
    private final SessionEvents events;
    private final TurnDeadlines deadlines;
    private final boolean[] exited = new boolean[4];
    private volatile TurnEvent end;
    /** Set by the one thread that finishes the turn. */
    private final java.util.concurrent.atomic.AtomicBoolean finishing = new java.util.concurrent.atomic.AtomicBoolean();
    /** Stage threads in flow order; a stop reaches every stage up to {@link #stopLevel}. */
    static final int SOURCE = 0;
    static final int SPEECH = 1;
    static final int ANIMATION = 2;
    static final int MUX = 3;
    /** Stages with an index up to this one stop; the ones after it finish what they hold. -1: none. */
    private volatile int stopLevel = -1;
    private volatile boolean cancelled;
    /**
     * The THG thread while it runs inside the animator (guarded by this). The animator renders on the stage
     * thread itself, with no {@link Call} to cancel, so a stop interrupts that thread to end a render mid-way.
     */
    private Thread rendering;

    TurnRun(Session session, String id, TurnInput input, List<TurnListener> listeners) {
        this.session = session;
        this.id = id;
        this.input = input;
        this.listeners = List.copyOf(listeners);
        this.events = session.events();
        VideoChatEngine.PipelineSettings s = session.engine().settings();
        this.queues = new TurnQueues(s, activity, this::stopping);
        this.deadlines = new TurnDeadlines(this, session.turnTimeout(), session.stageIdleTimeout());
    }

    /** Starts the stage threads. A thread that cannot be started fails the turn, which still ends normally. */
    void start() {
        TurnStages stages = new TurnStages(this);
        threads.add(thread(SOURCE, "source", stages::source));
        threads.add(thread(SPEECH, "tts", stages::speech));
        threads.add(thread(ANIMATION, "thg", stages::animation));
        threads.add(thread(MUX, "mux", stages::mux));
        running.set(threads.size());
        try {
            deadlines.start(session.engine().deadlineScheduler());
        } catch (RuntimeException e) {
            log.warn("turn {}: its deadlines could not be scheduled: {}", id, e.toString());
        }
        for (int i = 0; i < threads.size(); i++) {
            try {
                threads.get(i).start();
            } catch (Throwable t) {
                fail(Stage.PIPELINE, MUX, t);
                int neverStarted = threads.size() - i;
                threads.subList(i, threads.size()).clear();
                if (running.addAndGet(-neverStarted) == 0) {
                    finishOnce();
                }
                return;
            }
        }
    }

    private Thread thread(int index, String stage, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                // The bodies catch everything themselves; this is for a failure inside that handling (an OOM).
                failQuietly(index, e);
            } finally {
                activity.released(index);
                synchronized (exited) {
                    exited[index] = true;
                }
                if (running.decrementAndGet() == 0) {
                    finishOnce();
                }
            }
        }, "videochat-" + id + "-" + stage);
        t.setDaemon(true);
        return t;
    }

    private void failQuietly(int index, Throwable e) {
        try {
            fail(stageOf(index), index, e);
        } catch (Throwable ignored) {
            stopLevel = MUX;
        }
    }

    /** The stage threads (source, TTS, THG, mux), for tests that check each one has ended. */
    List<Thread> stageThreads() {
        return List.copyOf(threads);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void cancel() {
        if (end != null) {
            return;
        }
        if (failure.get() == null) {
            cancelled = true;
        }
        boolean first = stopLevel < MUX;
        stopThrough(MUX);
        if (first && cancelled) {
            discardPendingMedia();
        }
    }

    @Override
    public boolean isDone() {
        return end != null;
    }

    @Override
    public CompletionStage<TurnEvent> result() {
        return result;
    }

    @Override
    public TurnEvent await() throws InterruptedException {
        awaitStopped();
        if (!events.onEventThread()) {
            // Outside the listeners, await also means "the listeners have seen the end". A listener awaiting
            // cannot wait for that: it is itself holding up the delivery.
            try {
                delivered.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("turn " + id + ": delivering its final event failed", e.getCause());
            }
        }
        return end;
    }

    /** Waits until the stages have stopped (and their threads exited); does not wait for the listeners. */
    TurnEvent awaitStopped() throws InterruptedException {
        stopped.await();
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                t.join();
            }
        }
        return end;
    }

    /** {@link #awaitStopped()}, ignoring interrupts until it returns; the interrupt status is kept. */
    void awaitStoppedUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                awaitStopped();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the calling thread is one of this turn's stage threads. */
    boolean isStageThread() {
        return threads.contains(Thread.currentThread());
    }

    /** Whether the stage thread {@code stage} ({@link #SOURCE} .. {@link #MUX}) must stop. */
    boolean stopping(int stage) {
        return stage <= stopLevel;
    }

    /**
     * Records the first failure, naming its stage, and stops that stage and the ones before it. The stages after
     * it finish what they already hold, so media already on its way is still delivered.
     *
     * @param thread the stage thread the failure happened in
     */
    void fail(Stage stage, int thread, Throwable error) {
        VideoChatException wrapped = error instanceof VideoChatException v ? v
                : new VideoChatException(stage, providerOf(stage), "failed: " + error, error);
        if (error instanceof Error) {
            log.error("turn {}: {} in the {} stage", id, error, stage, error);
        }
        if (failure.compareAndSet(null, wrapped)) {
            if (!cancelled) {
                log.warn("turn {} failed in {}: {}", id, stage, wrapped.getMessage());
            }
        }
        stopThrough(thread);
    }

    /** Tells the raw sinks (a WebRTC peer) to drop the answer's media they still hold: the user stops it now. */
    private void discardPendingMedia() {
        for (dev.videochat.api.media.RawMediaSink sink : session.timeline().rawSinks()) {
            try {
                sink.discardPending();
            } catch (RuntimeException e) {
                log.warn("turn {}: raw sink {} failed to discard its media: {}", id, sink, e.toString());
            }
        }
    }

    /** A deadline passed while {@code thread} was working (or was furthest behind): the whole turn stops. */
    void timedOut(int thread, StageTimeoutException.Kind kind, Duration limit) {
        if (stopLevel >= MUX) {
            return;
        }
        Stage stage = stageOf(thread);
        String seconds = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
        String message = kind == StageTimeoutException.Kind.STAGE_IDLE
                ? idleMessage(stage, seconds) + " (stage idle deadline; change it with "
                  + "SessionOptions.Builder.stageIdleTimeout or VideoChatEngine.Builder.stageIdleTimeout)"
                : "turn " + id + " took longer than its " + seconds + " deadline; the " + stage
                  + " stage was still working (change it with SessionOptions.Builder.turnTimeout or "
                  + "VideoChatEngine.Builder.turnTimeout)";
        fail(stage, MUX, new StageTimeoutException(stage, providerOf(stage), kind, limit, message));
    }

    private static String idleMessage(Stage stage, String limit) {
        return switch (stage) {
            case ASR -> "no transcript from the speech recognizer for " + limit;
            case LLM -> "no text from the language model for " + limit;
            case S2S -> "no audio or transcript from the speech-to-speech model for " + limit;
            case TTS -> "no audio from the speech synthesizer for " + limit;
            case THG -> "no frame from the talking head for " + limit;
            case MUX -> "a write to the muxer took longer than " + limit;
            default -> "no progress for " + limit;
        };
    }

    /** The most upstream stage thread still running (the others are waiting for it), or the muxer. */
    int furthestBehind() {
        synchronized (exited) {
            for (int i = 0; i < exited.length; i++) {
                if (!exited[i]) {
                    return i;
                }
            }
        }
        return MUX;
    }

    /** The stage a stage thread runs. */
    Stage stageOf(int thread) {
        return switch (thread) {
            case SOURCE -> sourceStage;
            case SPEECH -> Stage.TTS;
            case ANIMATION -> Stage.THG;
            default -> Stage.MUX;
        };
    }

    private synchronized void stopThrough(int stage) {
        if (stage <= stopLevel) {
            return;
        }
        stopLevel = stage;
        cancelQuietly(asrCall);
        cancelQuietly(llmCall);
        cancelQuietly(speechCall);
        if (stage >= SPEECH) {
            cancelQuietly(ttsCall);
            TurnQueues.wake(queues.text);
        }
        if (stage >= ANIMATION) {
            TurnQueues.wake(queues.speech);
            if (rendering != null) {
                rendering.interrupt();
            }
        }
        if (stage >= MUX) {
            TurnQueues.wake(queues.media);
        }
    }

    /**
     * Marks the calling THG thread as working inside the animator until {@link #leftAnimator()}: a stop meanwhile
     * interrupts it. When the stage is already stopping, the thread is interrupted at once.
     */
    synchronized void enteringAnimator() {
        activity.engaged(ANIMATION);
        rendering = Thread.currentThread();
        if (stopping(ANIMATION)) {
            rendering.interrupt();
        }
    }

    /** Ends the window opened by {@link #enteringAnimator()}; no interrupt reaches the thread after this. */
    synchronized void leftAnimator() {
        activity.released(ANIMATION);
        rendering = null;
    }

    private static void cancelQuietly(Call<?> call) {
        if (call != null) {
            try {
                call.cancel();
            } catch (RuntimeException e) {
                log.debug("cancelling a call failed: {}", e.toString());
            }
        }
    }

    /** Hands {@code event} to the session's event thread for this turn's listeners. */
    void publish(TurnEvent event) {
        events.publish(listeners, event);
    }

    /** Called on the mux thread while the muxer cuts a segment. */
    void segmentReady(MediaSegment segment) {
        timings.segmentCut();
        publish(new TurnEvent.SegmentReady(id, muxPacket, segment));
    }

    String providerOf(Stage stage) {
        VideoChatEngine e = session.engine();
        switch (stage) {
            case ASR:
                return e.recognizer().map(r -> r.name()).orElse("-");
            case LLM:
                return e.chatModel().map(m -> m.name()).orElse("-");
            case S2S:
                return e.speechToSpeech().map(m -> m.name()).orElse("-");
            case TTS:
                return e.synthesizer().name();
            case THG:
                return e.talkingHead().name();
            case MUX:
                return e.muxer().name();
            default:
                return "-";
        }
    }

    /**
     * Runs once, on the last stage thread to exit. Whatever goes wrong in here (even an OutOfMemoryError), the
     * turn still ends with a final event.
     */
    private void finishOnce() {
        if (!finishing.compareAndSet(false, true)) {
            return;
        }
        TurnEvent ending = null;
        try {
            deadlines.stop();
            ending = finish();
        } catch (Throwable t) {
            log.error("turn {}: finishing failed: {}", id, t.toString(), t);
            VideoChatException error = failure.get();
            ending = new TurnEvent.Failed(id, error != null ? error
                    : new VideoChatException(Stage.PIPELINE, "-", "finishing the turn failed: " + t, t),
                    emptyMetrics());
        } finally {
            if (ending == null) {
                ending = new TurnEvent.Failed(id, new VideoChatException(Stage.PIPELINE, "-",
                        "the turn ended without a result"), emptyMetrics());
            }
            end = ending;
            try {
                session.turnEnded(this);
            } finally {
                stopped.countDown();
                TurnEvent last = ending;
                events.run(() -> {
                    completion.complete(last);
                    try {
                        SessionEvents.deliver(listeners, last);
                    } finally {
                        delivered.complete(null);
                    }
                });
            }
        }
    }

    private TurnEvent finish() {
        // A stop may have interrupted this thread inside the animator; that interrupt was for the render it cut
        // short, not for closing the segment, so clear it first.
        boolean interrupted = Thread.interrupted();
        if (stopLevel >= 0) {
            try {
                realignMedia();
            } catch (RuntimeException | InterruptedException e) {
                log.warn("turn {}: closing the interrupted segment failed: {}", id, e.toString());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        session.timeline().own(null);
        truncateSpokenAnswer();
        TurnMetrics metrics = metrics();
        VideoChatException error = failure.get();
        TurnEvent ending;
        if (error != null) {
            ending = new TurnEvent.Failed(id, error, metrics);
        } else if (cancelled) {
            ending = new TurnEvent.Cancelled(id, metrics);
        } else {
            ending = new TurnEvent.Done(id, answerText(), metrics);
        }
        if (userText != null) {
            // An interrupted answer is remembered as far as it was played (barge-in, Stop, a failure).
            session.remember(userText, ending instanceof TurnEvent.Done ? answer.toString() : PlayedText.of(timings.clocks, session.mediaFormat().sampleRate()));
        }
        return ending;
    }

    /**
     * After a speech-to-speech answer was cut short, tells the model how much of it the user heard (the audio written
     * to the outputs), so its memory of the conversation holds only that.
     */
    private void truncateSpokenAnswer() {
        dev.videochat.api.s2s.SpeechCall call = speechCall;
        if (call == null || (failure.get() == null && !cancelled)) {
            return;
        }
        long played = 0;
        for (PacketClock clock : timings.clocks) {
            played += clock.samples;
        }
        try {
            call.truncate(Duration.ofNanos(played * 1_000_000_000L / session.mediaFormat().sampleRate()));
        } catch (RuntimeException e) {
            log.warn("turn {}: telling the speech model what was played failed: {}", id, e.toString());
        }
    }

    private TurnMetrics emptyMetrics() {
        return new TurnMetrics(id, List.of(), Duration.ZERO, Optional.empty(), 0, Optional.empty(),
                Optional.empty(), Duration.ofNanos(System.nanoTime() - timings.startNanos));
    }

    private String answerText() {
        return input instanceof TurnInput.Script script ? script.text() : answer.toString();
    }

    /**
     * After a stop, media may be cut mid-utterance: end the animator's utterance, then pad video with idle frames
     * (or audio with silence) so both streams end at the same instant, and close the segment in progress.
     */
    private void realignMedia() throws InterruptedException {
        session.animator().abandonUtterance();
        session.timeline().realign(session.animator(), muxDirty);
        muxDirty = false;
    }

    private TurnMetrics metrics() {
        return timings.metrics(id);
    }
}
