package dev.videochat.core.pipeline;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.FrameClock;
import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnListener;
import dev.videochat.api.turn.TurnMetrics;
import dev.videochat.core.pipeline.StageItems.End;
import dev.videochat.core.pipeline.StageItems.MediaItem;
import dev.videochat.core.pipeline.StageItems.SpeechItem;
import dev.videochat.core.pipeline.StageItems.TextItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One turn's machinery: four threads (source, TTS, THG, mux) joined by bounded queues, the stop logic shared by
 * cancel and failure, event delivery and metrics. The last stage thread to exit finishes the turn.
 */
final class TurnRun implements Turn {

    private static final Logger log = LoggerFactory.getLogger(TurnRun.class);

    final Session session;
    final String id;
    final TurnInput input;
    final long startNanos = System.nanoTime();
    final BlockingQueue<TextItem> textQueue;
    final BlockingQueue<SpeechItem> speechQueue;
    final BlockingQueue<MediaItem> mediaQueue;
    final StringBuffer answer = new StringBuffer();
    final List<PacketMetrics> packets = Collections.synchronizedList(new ArrayList<>());

    volatile Call<?> asrCall;
    volatile Call<?> llmCall;
    volatile Call<?> ttsCall;
    volatile String userText;
    volatile long asrNanos;
    volatile Duration llmFirstDelta;
    volatile double llmTokensPerSecond;
    volatile Duration ttsFirstAudio;
    volatile long firstSegmentAt;
    volatile long firstPacketDoneAt;
    /** The packet whose media the muxer is writing (mux thread). */
    volatile int muxPacket;
    /** Whether media was written since the last cut (mux thread, then the finishing thread). */
    boolean muxDirty;

    private final List<TurnListener> listeners;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<VideoChatException> failure = new AtomicReference<>();
    private final CompletableFuture<TurnEvent> completion = new CompletableFuture<>();
    private final Object eventLock = new Object();
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
        VideoChatEngine.PipelineSettings s = session.engine().settings();
        this.textQueue = new ArrayBlockingQueue<>(s.textQueue());
        this.speechQueue = new ArrayBlockingQueue<>(s.speechQueue());
        this.mediaQueue = new ArrayBlockingQueue<>(s.mediaQueue());
    }

    void start() {
        TurnStages stages = new TurnStages(this);
        threads.add(thread("source", stages::source));
        threads.add(thread("tts", stages::speech));
        threads.add(thread("thg", stages::animation));
        threads.add(thread("mux", stages::mux));
        running.set(threads.size());
        for (Thread t : threads) {
            t.start();
        }
    }

    private Thread thread(String stage, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                if (running.decrementAndGet() == 0) {
                    finish();
                }
            }
        }, "videochat-" + id + "-" + stage);
        t.setDaemon(true);
        return t;
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
        if (completion.isDone()) {
            return;
        }
        if (failure.get() == null) {
            cancelled = true;
        }
        stopThrough(MUX);
    }

    @Override
    public boolean isDone() {
        return completion.isDone();
    }

    @Override
    public CompletableFuture<TurnEvent> completion() {
        return completion;
    }

    @Override
    public TurnEvent await() throws InterruptedException {
        TurnEvent end;
        try {
            end = completion.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("turn " + id + " ended abnormally", e.getCause());
        }
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                t.join();
            }
        }
        return end;
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
                : new VideoChatException(stage, providerOf(stage), stage + " failed: " + error, error);
        if (failure.compareAndSet(null, wrapped)) {
            if (!cancelled) {
                log.warn("turn {} failed in {}: {}", id, stage, wrapped.getMessage());
            }
        }
        stopThrough(thread);
    }

    private synchronized void stopThrough(int stage) {
        if (stage <= stopLevel) {
            return;
        }
        stopLevel = stage;
        cancelQuietly(asrCall);
        cancelQuietly(llmCall);
        if (stage >= SPEECH) {
            cancelQuietly(ttsCall);
            wake(textQueue);
        }
        if (stage >= ANIMATION) {
            wake(speechQueue);
            if (rendering != null) {
                rendering.interrupt();
            }
        }
        if (stage >= MUX) {
            wake(mediaQueue);
        }
    }

    /**
     * Marks the calling THG thread as working inside the animator until {@link #leftAnimator()}: a stop meanwhile
     * interrupts it. When the stage is already stopping, the thread is interrupted at once.
     */
    synchronized void enteringAnimator() {
        rendering = Thread.currentThread();
        if (stopping(ANIMATION)) {
            rendering.interrupt();
        }
    }

    /** Ends the window opened by {@link #enteringAnimator()}; no interrupt reaches the thread after this. */
    synchronized void leftAnimator() {
        rendering = null;
    }

    /**
     * After a stage failed, hands the next stage what is left for it (the end marker, or complete sentences), as
     * long as that stage is still running.
     */
    <T> void handOn(BlockingQueue<T> queue, T item, int consumer) throws InterruptedException {
        while (!stopping(consumer)) {
            if (queue.offer(item, 10, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
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

    /** Drops what is queued and leaves an end marker so a waiting consumer wakes up. */
    private static <T> void wake(BlockingQueue<T> queue) {
        @SuppressWarnings("unchecked")
        T end = (T) End.INSTANCE;
        do {
            queue.clear();
        } while (!queue.offer(end));
    }

    /**
     * Puts an item, waiting while the queue is full (back-pressure).
     *
     * @param producer the stage thread putting it
     * @return false when that stage is stopping and the item was dropped
     */
    <T> boolean put(BlockingQueue<T> queue, T item, int producer) throws InterruptedException {
        while (!stopping(producer)) {
            if (queue.offer(item, 10, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    void publish(TurnEvent event) {
        synchronized (eventLock) {
            for (TurnListener l : listeners) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("turn listener {} threw on {}: {}", l, event.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    /** Called on the mux thread while the muxer cuts a segment. */
    void segmentReady(MediaSegment segment) {
        if (firstSegmentAt == 0) {
            firstSegmentAt = System.nanoTime();
        }
        publish(new TurnEvent.SegmentReady(id, muxPacket, segment));
    }

    String providerOf(Stage stage) {
        VideoChatEngine e = session.engine();
        switch (stage) {
            case ASR:
                return e.recognizer().map(r -> r.name()).orElse("-");
            case LLM:
                return e.chatModel().map(m -> m.name()).orElse("-");
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

    /** Runs once, on the last stage thread to exit. */
    private void finish() {
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
        session.muxOwner(null);
        TurnMetrics metrics = metrics();
        VideoChatException error = failure.get();
        TurnEvent end;
        if (error != null) {
            end = new TurnEvent.Failed(id, error, metrics);
        } else if (cancelled) {
            end = new TurnEvent.Cancelled(id, metrics);
        } else {
            end = new TurnEvent.Done(id, answerText(), metrics);
        }
        if (userText != null) {
            session.remember(userText, answer.toString());
        }
        publish(end);
        session.turnEnded(this);
        completion.complete(end);
    }

    private String answerText() {
        return input instanceof TurnInput.Script script ? script.text() : answer.toString();
    }

    /**
     * After a stop, media may be cut mid-utterance: end the animator's utterance, then pad video with idle frames
     * (or audio with silence) so both streams end at the same instant, and close the segment in progress.
     */
    private void realignMedia() throws InterruptedException {
        AvatarAnimator animator = session.animator();
        MuxSession mux = session.mux();
        animator.endUtterance(frame -> { });
        int rate = mux.format().sampleRate();
        int fps = mux.format().fps();
        long expected = FrameClock.framesFor(session.muxSamples, rate, fps);
        if (session.muxFrames < expected) {
            animator.idle((int) (expected - session.muxFrames), frame -> {
                mux.writeVideo(frame);
                session.muxFrames++;
            });
            muxDirty = true;
        } else if (session.muxFrames > expected) {
            long target = (long) Math.ceil((2.0 * session.muxFrames * rate - rate) / (2.0 * fps));
            int pad = (int) (target - session.muxSamples);
            if (pad > 0) {
                mux.writeAudio(AudioChunk.silence(pad, rate));
                session.muxSamples += pad;
                muxDirty = true;
            }
        }
        if (muxDirty) {
            mux.endPacket();
            muxDirty = false;
        }
    }

    private TurnMetrics metrics() {
        long now = System.nanoTime();
        Optional<Duration> firstPacket = Optional.empty();
        if (firstSegmentAt != 0) {
            firstPacket = Optional.of(Duration.ofNanos(firstSegmentAt - startNanos));
        } else if (firstPacketDoneAt != 0) {
            firstPacket = Optional.of(Duration.ofNanos(firstPacketDoneAt - startNanos));
        }
        List<PacketMetrics> done;
        synchronized (packets) {
            done = List.copyOf(packets);
        }
        return new TurnMetrics(id, done, Duration.ofNanos(asrNanos), Optional.ofNullable(llmFirstDelta),
                llmTokensPerSecond, Optional.ofNullable(ttsFirstAudio), firstPacket, Duration.ofNanos(now - startNanos));
    }
}
