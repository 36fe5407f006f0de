package dev.videochat.benchmarks.sim;

import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.Turn;
import dev.videochat.core.pipeline.VideoChatEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The SDK's own pipeline on the simulated stages: one engine, one session, one answer per call. */
public final class StreamingPipeline implements AutoCloseable {

    private final VideoChatEngine engine;
    private final Session session;
    private final List<Long> cuts = new ArrayList<>();
    private volatile CountDownLatch firstSegment = new CountDownLatch(1);

    public StreamingPipeline(StageCosts costs) {
        engine = VideoChatEngine.builder()
                .chatModel(new CostedChatModel(costs))
                .synthesizer(new CostedSynthesizer(costs))
                .talkingHead(new CostedTalkingHead(costs))
                .muxer(new CostedMuxer(costs))
                .sampleRate(CostedSynthesizer.RATE)
                .build();
        session = engine.openSession(SessionOptions.builder().historyMessages(0).listener(e -> {
            if (e instanceof TurnEvent.SegmentReady) {
                synchronized (cuts) {
                    cuts.add(System.nanoTime());
                }
                firstSegment.countDown();
            }
        }).build());
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

    /** Cancels the running answer, if any, and waits for it. */
    public void stop() throws InterruptedException {
        session.cancelTurn();
    }

    @Override
    public void close() {
        engine.close();
    }
}
