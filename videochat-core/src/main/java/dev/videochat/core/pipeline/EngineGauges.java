package dev.videochat.core.pipeline;

import dev.videochat.api.Stage;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** An engine's {@link PipelineGauges}: two counts the engine and its sessions keep, the rest read from them. */
final class EngineGauges implements PipelineGauges {

    private final VideoChatEngine engine;
    private final Supplier<List<Session>> sessions;
    private final AtomicLong opened = new AtomicLong();
    /** Added to by every session's mux stage and idle feed: a LongAdder, so sessions never contend on it. */
    private final LongAdder frames = new LongAdder();

    EngineGauges(VideoChatEngine engine, Supplier<List<Session>> sessions) {
        this.engine = engine;
        this.sessions = sessions;
    }

    void sessionOpened() {
        opened.incrementAndGet();
    }

    /** The count a session's timeline adds its frames to. */
    LongAdder frameCounter() {
        return frames;
    }

    @Override
    public int openSessions() {
        return sessions.get().size();
    }

    @Override
    public long sessionsOpened() {
        return opened.get();
    }

    @Override
    public long framesWritten() {
        return frames.sum();
    }

    @Override
    public int queuedItems(Stage stage) {
        TurnQueues.requireQueued(stage);
        int items = 0;
        for (Session session : sessions.get()) {
            TurnRun turn = session.runningRun();
            if (turn != null) {
                items += turn.queues.before(stage).size();
            }
        }
        return items;
    }

    @Override
    public long queuedBytes(Stage stage) {
        TurnQueues.requireQueued(stage);
        long bytes = 0;
        for (Session session : sessions.get()) {
            TurnRun turn = session.runningRun();
            if (turn != null) {
                bytes += turn.queues.before(stage).bytes();
            }
        }
        return bytes;
    }

    @Override
    public OptionalInt spareTalkingHeadSessions() {
        return engine.talkingHead().spareSessions();
    }
}
