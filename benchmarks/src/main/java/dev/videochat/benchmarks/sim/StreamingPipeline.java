package dev.videochat.benchmarks.sim;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.Turn;
import dev.videochat.core.pipeline.VideoChatEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The SDK's own pipeline on the simulated stages: one session, one answer per call. The session either has an
 * engine of its own or shares one with other sessions ({@link #sharing}), as an application serving many
 * conversations does.
 */
public final class StreamingPipeline implements AutoCloseable {

    private final VideoChatEngine engine;
    private final boolean ownsEngine;
    private final Session session;
    private final List<Long> cuts = new ArrayList<>();
    private volatile CountDownLatch firstSegment = new CountDownLatch(1);

    /** A session on an engine of its own, closed with it. */
    public StreamingPipeline(StageCosts costs) {
        this(engine(costs), true);
    }

    private StreamingPipeline(VideoChatEngine engine, boolean ownsEngine) {
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        session = engine.openSession(SessionOptions.builder().historyMessages(0).listener(e -> {
            if (e instanceof TurnEvent.SegmentReady) {
                synchronized (cuts) {
                    cuts.add(System.nanoTime());
                }
                firstSegment.countDown();
            }
        }).build());
    }

    /** An engine of the simulated stages, to share between sessions; the caller closes it. */
    public static VideoChatEngine engine(StageCosts costs) {
        return VideoChatEngine.builder()
                .chatModel(new CostedChatModel(costs))
                .synthesizer(new CostedSynthesizer(costs))
                .talkingHead(new CostedTalkingHead(costs))
                .muxer(new CostedMuxer(costs))
                .sampleRate(CostedSynthesizer.RATE)
                .build();
    }

    /** A new session on {@code shared}; closing it leaves the engine open. */
    public static StreamingPipeline sharing(VideoChatEngine shared) {
        return new StreamingPipeline(shared, false);
    }

    /** Answers one question to the end. */
    public Timeline answer() throws InterruptedException {
        long start = System.nanoTime();
        synchronized (cuts) {
            cuts.clear();
        }
        TurnEvent end = session.say("go").await();
        if (!(end instanceof TurnEvent.Done)) {
            throw new IllegalStateException("simulated turn ended with " + end);
        }
        synchronized (cuts) {
            return new Timeline(start, cuts);
        }
    }

    /** Starts an answer and returns once its first segment is cut (the turn goes on; see {@link #stop()}). */
    public Turn startUntilFirstSegment() throws InterruptedException {
        firstSegment = new CountDownLatch(1);
        Turn turn = session.say("go");
        firstSegment.await();
        return turn;
    }

    /** Starts an answer, waits for its first segment, cancels the rest; returns question to first segment, ms. */
    public double firstPacketMsThenStop() throws InterruptedException {
        synchronized (cuts) {
            cuts.clear();
        }
        long start = System.nanoTime();
        startUntilFirstSegment();
        stop();
        synchronized (cuts) {
            return (cuts.get(0) - start) / 1e6;
        }
    }

    /** Cancels the running answer, if any, and waits for it. */
    public void stop() throws InterruptedException {
        session.cancelTurn();
    }

    @Override
    public void close() {
        session.close();
        if (ownsEngine) {
            engine.close();
        }
    }
}
