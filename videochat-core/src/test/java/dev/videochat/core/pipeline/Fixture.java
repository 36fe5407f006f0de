package dev.videochat.core.pipeline;

import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedMuxer;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An engine of simulated stages with known speed, and a recorder of every event. */
final class Fixture implements AutoCloseable {

    final StageLog log = new StageLog();
    final SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
    final SimulatedTalkingHead thg = new SimulatedTalkingHead(16, 25, Duration.ZERO, log);
    final SimulatedMuxer muxer = new SimulatedMuxer(log);
    final List<TurnEvent> events = new CopyOnWriteArrayList<>();
    final VideoChatEngine engine;

    Fixture(ChatModel llm) {
        this(llm, VideoChatEngine.builder());
    }

    Fixture(ChatModel llm, VideoChatEngine.Builder builder) {
        if (llm != null) {
            builder.chatModel(llm);
        }
        engine = builder.synthesizer(tts).talkingHead(thg).muxer(muxer).build();
    }

    Session open(SessionOptions.Builder options) {
        return engine.openSession(options.listener(events::add).build());
    }

    Session open() {
        return open(SessionOptions.builder());
    }

    <T extends TurnEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends TurnEvent> List<T> events(Class<T> type, Turn turn) {
        return events.stream().filter(type::isInstance).map(type::cast)
                .filter(e -> e.turnId().equals(turn.id())).toList();
    }

    SimulatedMuxer.Session muxSession() {
        return muxer.sessions.get(muxer.sessions.size() - 1);
    }

    /** The threads a turn's stages run on, as objects, so a test can check that each one has ended. */
    static List<Thread> stageThreadsOf(Turn turn) {
        return ((TurnRun) turn).stageThreads();
    }

    static List<String> threadsOf(Turn turn) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("videochat-" + turn.id() + "-"))
                .toList();
    }

    @Override
    public void close() {
        engine.close();
    }
}
