package dev.videochat.micrometer;

import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnMetrics;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.Turn;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.SimulatedMuxer;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The meters after known turns on an engine of simulated stages, read from a {@link SimpleMeterRegistry}. */
@Timeout(60)
class VideoChatMetricsTest {

    /** Five packets: the chunker cuts after each sentence. */
    private static final String FIVE_SENTENCES = "First sentence here. Second sentence here. Third sentence here. "
            + "Fourth sentence here. Fifth sentence here.";

    private final StageLog log = new StageLog();
    private final SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
    private final SimulatedTalkingHead thg = new SimulatedTalkingHead(16, 25, Duration.ZERO, log);
    private final SimulatedMuxer muxer = new SimulatedMuxer(log);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private VideoChatEngine engine;

    private VideoChatEngine engine(Function<VideoChatEngine.Builder, VideoChatEngine.Builder> settings) {
        engine = settings.apply(VideoChatEngine.builder().synthesizer(tts).talkingHead(thg).muxer(muxer)
                .observer(new VideoChatMetrics(registry))).build();
        return engine;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private double counter(String name) {
        return registry.get(name).functionCounter().count();
    }

    private double turns(String outcome) {
        return registry.get(VideoChatMetrics.TURNS).tag("outcome", outcome).counter().count();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    private Timer stage(String stage) {
        return registry.get(VideoChatMetrics.PACKET_STAGE).tag("stage", stage).timer();
    }

    private static long nanos(List<PacketMetrics> packets, Function<PacketMetrics, Duration> stage) {
        return packets.stream().map(stage).mapToLong(Duration::toNanos).sum();
    }

    @Test
    void aTurnOfFivePacketsGivesFiveTimingsPerStageOneFirstPacketLatencyAndOneDoneTurn() throws Exception {
        engine(b -> b);
        try (Session session = engine.openSession()) {
            TurnEvent.Done done = assertInstanceOf(TurnEvent.Done.class, session.speak(FIVE_SENTENCES).await());
            TurnMetrics metrics = done.metrics();
            assertEquals(5, metrics.packets().size());

            assertEquals(1, turns("done"));
            assertEquals(0, turns("failed"));
            assertEquals(0, turns("cancelled"));
            Timer firstPacket = registry.get(VideoChatMetrics.FIRST_PACKET).timer();
            assertEquals(1, firstPacket.count());
            assertEquals(metrics.firstPacketLatency().orElseThrow().toNanos(),
                    firstPacket.totalTime(TimeUnit.NANOSECONDS), 0.5);
            assertStage("llm", metrics.packets(), PacketMetrics::llm);
            assertStage("tts", metrics.packets(), PacketMetrics::tts);
            assertStage("thg", metrics.packets(), PacketMetrics::thg);
            assertStage("mux", metrics.packets(), PacketMetrics::mux);
        }
    }

    private void assertStage(String name, List<PacketMetrics> packets, Function<PacketMetrics, Duration> stage) {
        Timer timer = stage(name);
        assertEquals(packets.size(), timer.count(), name);
        assertEquals(nanos(packets, stage), timer.totalTime(TimeUnit.NANOSECONDS), 0.5, name);
    }

    @Test
    void theFramesCounterCountsTheFramesTheMuxerWasGiven() throws Exception {
        engine(b -> b);
        try (Session session = engine.openSession()) {
            session.speak(FIVE_SENTENCES).await();
            session.speak("And one more.").await();
            long muxed = muxer.sessions.get(0).frames;
            assertTrue(muxed > 0);
            assertEquals(muxed, counter(VideoChatMetrics.FRAMES));
        }
    }

    @Test
    void sessionsAreCountedAsTheyOpenAndClose() {
        engine(b -> b);
        assertEquals(0, gauge(VideoChatMetrics.SESSIONS_OPEN));
        Session first = engine.openSession();
        try (Session second = engine.openSession()) {
            assertEquals(2, gauge(VideoChatMetrics.SESSIONS_OPEN));
        }
        assertEquals(1, gauge(VideoChatMetrics.SESSIONS_OPEN));
        first.close();
        assertEquals(0, gauge(VideoChatMetrics.SESSIONS_OPEN));
        assertEquals(2, counter(VideoChatMetrics.SESSIONS_OPENED));
    }

    @Test
    void aCancelledTurnCountsAsCancelled() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        tts.blockAfterFirstChunk(i -> never);
        engine(b -> b);
        try (Session session = engine.openSession()) {
            Turn turn = session.speak(FIVE_SENTENCES);
            awaitTrue(() -> log.indexOf("tts start 0") >= 0);
            turn.cancel();
            assertInstanceOf(TurnEvent.Cancelled.class, turn.await());
            assertEquals(1, turns("cancelled"));
            assertEquals(0, turns("done"));
            assertEquals(0, stage("tts").count(), "no packet reached the outputs");
        }
    }

    @Test
    void aFailedTurnCountsAsFailed() throws Exception {
        muxer.failAtCut(0);
        engine(b -> b);
        try (Session session = engine.openSession()) {
            assertInstanceOf(TurnEvent.Failed.class, session.speak(FIVE_SENTENCES).await());
            assertEquals(1, turns("failed"));
            assertEquals(0, turns("done"));
        }
    }

    @Test
    void queueGaugesShowWhatWaitsInFrontOfEachStageAndAreZeroAfterTheTurn() throws Exception {
        // The avatar stops after the first frame of the first chunk: the audio queue in front of it fills to its
        // bound (4), TTS waits on it, so the text queue fills to its bound (2) behind the packet TTS holds; the
        // muxer writes what it was given and waits on an empty queue.
        CountDownLatch render = new CountDownLatch(1);
        thg.blockWhileRendering(i -> i == 0 ? render : null);
        engine(b -> b.queueCapacities(2, 4, 50));
        try (Session session = engine.openSession()) {
            Turn turn = session.speak(FIVE_SENTENCES);
            awaitTrue(() -> gauge(VideoChatMetrics.QUEUE_ITEMS, "stage", "tts") == 2
                    && gauge(VideoChatMetrics.QUEUE_ITEMS, "stage", "thg") == 4
                    && gauge(VideoChatMetrics.QUEUE_ITEMS, "stage", "mux") == 0);
            assertTrue(gauge(VideoChatMetrics.QUEUE_BYTES, "stage", "thg") > 0);
            render.countDown();
            assertInstanceOf(TurnEvent.Done.class, turn.await());
            for (String stage : List.of("tts", "thg", "mux")) {
                assertEquals(0, gauge(VideoChatMetrics.QUEUE_ITEMS, "stage", stage), stage);
                assertEquals(0, gauge(VideoChatMetrics.QUEUE_BYTES, "stage", stage), stage);
            }
        }
    }

    @Test
    void theCapacityGaugeIsWhatTheTalkingHeadSaysAndNaNWhenItSaysNothing() {
        engine(b -> b);
        assertTrue(Double.isNaN(gauge(VideoChatMetrics.THG_CAPACITY)));
        engine.close();
        MeterRegistry other = new SimpleMeterRegistry();
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(new Measured(thg, 3)).muxer(muxer)
                .observer(new VideoChatMetrics(other)).build();
        assertEquals(3, other.get(VideoChatMetrics.THG_CAPACITY).gauge().value());
    }

    @Test
    void oneInstanceServesOneEngine() {
        VideoChatMetrics metrics = new VideoChatMetrics(registry);
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg).muxer(muxer).observer(metrics).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VideoChatEngine.builder()
                .synthesizer(tts).talkingHead(thg).muxer(muxer).observer(metrics).build());
        assertTrue(e.getMessage().contains("give each engine its own"), e.getMessage());
    }

    @Test
    void thePrometheusNamesAreTheDocumentedOnes() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg).muxer(muxer)
                .observer(new VideoChatMetrics(prometheus)).build();
        try (Session session = engine.openSession(SessionOptions.defaults())) {
            session.speak("Hello there.").await();
        }
        String text = prometheus.scrape();
        for (String line : List.of("videochat_sessions_open 0.0", "videochat_sessions_opened_total 1.0",
                "videochat_turns_total{outcome=\"done\"} 1.0", "videochat_turn_first_packet_seconds_count 1",
                "videochat_packet_stage_seconds_count{stage=\"thg\"} 1", "videochat_queue_items{stage=\"mux\"} 0.0",
                "videochat_queue_bytes{stage=\"tts\"} 0.0", "videochat_thg_capacity_sessions NaN")) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
        assertTrue(text.contains("videochat_turn_first_packet_seconds_bucket{le="), text);
        assertTrue(text.matches("(?s).*\nvideochat_frames_written_total [1-9][0-9]*\\.0\n.*"), text);
    }

    /** Polls a level that settles by itself (no event marks it), for at most 10 s. */
    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("the condition did not hold within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** A talking head that reports {@code spare} more sessions. */
    private record Measured(TalkingHead head, int spare) implements TalkingHead {
        @Override
        public String name() {
            return head.name();
        }

        @Override
        public List<String> avatars() {
            return head.avatars();
        }

        @Override
        public Avatar loadAvatar(String reference) {
            return head.loadAvatar(reference);
        }

        @Override
        public AvatarAnimator animate(Avatar avatar) {
            return head.animate(avatar);
        }

        @Override
        public OptionalInt spareSessions() {
            return OptionalInt.of(spare);
        }
    }
}
