package dev.videochat.core.pipeline;

import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedChatModel;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PipelineFlowTest {

    private static final List<String> ANSWER = List.of("Hello", " there! ", "I am a digital", " human. I speak ",
            "while I think, ", "and you see me", " at once. Bye", " for now.");

    @Test
    void packetsLeaveInOrderAndEachGetsASegmentAndMetrics() throws Exception {
        try (Fixture f = new Fixture(SimulatedChatModel.streaming(ANSWER)); Session session = f.open()) {
            Turn turn = session.say("Who are you?");
            TurnEvent end = turn.await();

            TurnEvent.Done done = assertInstanceOf(TurnEvent.Done.class, end);
            assertEquals(String.join("", ANSWER), done.answer());
            List<TurnEvent.PacketReady> packets = f.events(TurnEvent.PacketReady.class);
            assertEquals(List.of("Hello there! ", "I am a digital human. ", "I speak while I think, ",
                    "and you see me at once. ", "Bye for now."), packets.stream().map(p -> p.packet().text()).toList());
            for (int i = 0; i < packets.size(); i++) {
                assertEquals(i, packets.get(i).packet().index());
            }
            List<Integer> segmentPackets = f.events(TurnEvent.SegmentReady.class).stream()
                    .map(TurnEvent.SegmentReady::packetIndex).toList();
            assertEquals(List.of(0, 1, 2, 3, 4), segmentPackets);
            List<PacketMetrics> metrics = done.metrics().packets();
            assertEquals(List.of(0, 1, 2, 3, 4), metrics.stream().map(PacketMetrics::index).toList());
            assertEquals(f.tts.texts, packets.stream().map(p -> p.packet().text()).toList());
            assertTrue(done.metrics().firstPacketLatency().isPresent());
            assertInstanceOf(TurnEvent.Done.class, f.events.get(f.events.size() - 1), "Done is the last event");
        }
    }

    @Test
    void eachStageStartsPacketZeroBeforeTheStageBeforeItFinishesPacketOne() throws Exception {
        CountDownLatch ttsStartedPacket0 = new CountDownLatch(1);
        CountDownLatch thgStartedPacket0 = new CountDownLatch(1);
        CountDownLatch muxStartedPacket0 = new CountDownLatch(1);
        // The LLM cuts packet 1 only after TTS began packet 0; TTS ends packet 1 only after THG began packet 0;
        // THG ends packet 1 only after the muxer began packet 0. A pipeline that runs a stage to the end before
        // the next one starts never opens these gates, and the turn fails.
        SimulatedChatModel llm = SimulatedChatModel.gated(List.of("First one. ", "Second sentence here. ", "End."),
                i -> i == 2 ? ttsStartedPacket0 : null);
        try (Fixture f = new Fixture(llm); Session session = f.open(SessionOptions.builder().listener(e -> {
            if (e instanceof TurnEvent.SegmentReady) {
                muxStartedPacket0.countDown();
            }
        }))) {
            f.tts.gateBeforeEnd(i -> {
                ttsStartedPacket0.countDown();
                return i == 1 ? thgStartedPacket0 : null;
            });
            f.thg.gateBeforeEnd(i -> {
                thgStartedPacket0.countDown();
                return i == 1 ? muxStartedPacket0 : null;
            });
            TurnEvent end = session.say("go").await();
            assertInstanceOf(TurnEvent.Done.class, end, () -> "turn ended with " + end);
            assertBefore(f, "tts start 0", "tts end 1");
            assertBefore(f, "thg start 0", "tts end 1");
            assertBefore(f, "mux start 0", "thg end 1");
        }
    }

    /** Both entries are in the stage log, {@code first} before {@code second}; a missing one fails. */
    private static void assertBefore(Fixture f, String first, String second) {
        int a = f.log.indexOf(first);
        int b = f.log.indexOf(second);
        assertTrue(a >= 0, () -> "'" + first + "' missing from " + f.log.entries());
        assertTrue(b >= 0, () -> "'" + second + "' missing from " + f.log.entries());
        assertTrue(a < b, () -> "'" + first + "' came after '" + second + "': " + f.log.entries());
    }

    @Test
    void everyTurnGetsExactlyTheFramesItsAudioLasts() throws Exception {
        try (Fixture f = new Fixture(SimulatedChatModel.streaming(ANSWER)); Session session = f.open()) {
            session.say("one").await();
            session.speak("A second turn, spoken as written. With two packets.").await();
            var mux = f.muxSession();
            assertEquals(FrameClock.framesFor(mux.samples, 24_000, 25), mux.frames);
            assertEquals(mux.frames, mux.speakingFrames, "no idle frames in uninterrupted turns");
        }
    }

    @Test
    void ttsAudioIsResampledToTheSessionRate() throws Exception {
        try (Fixture f = new Fixture(null, VideoChatEngine.builder().sampleRate(48_000)); Session session = f.open()) {
            session.speak("Twenty chars of text").await();
            // 20 code points x 20 ms at 16 kHz = 0.4 s = 19,200 samples at 48 kHz.
            assertEquals(19_200, f.muxSession().samples);
            assertEquals(48_000, session.mediaFormat().sampleRate());
        }
    }

    @Test
    void aSpeakTurnVoicesTheTextWithoutTheLanguageModel() throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.streaming(List.of("unused"));
        try (Fixture f = new Fixture(llm); Session session = f.open()) {
            String script = "Good evening. Here is the news, read by a digital host.";
            TurnEvent.Done done = assertInstanceOf(TurnEvent.Done.class, session.speak(script).await());
            assertEquals(script, done.answer());
            assertEquals(0, llm.requests.size());
            assertEquals(List.of("Good evening. ", "Here is the news, ", "read by a digital host."), f.tts.texts);
            assertTrue(session.history().isEmpty(), "scripts are not part of the chat history");
        }
    }

    @Test
    void metricsAddUpAndPrintAsATable() throws Exception {
        try (Fixture f = new Fixture(SimulatedChatModel.streaming(ANSWER, Duration.ofMillis(2)));
             Session session = f.open()) {
            TurnEvent.Done done = assertInstanceOf(TurnEvent.Done.class, session.say("hi").await());
            var m = done.metrics();
            // "Hello there! " is 13 code points x 20 ms.
            assertEquals(Duration.ofMillis(260), m.packets().get(0).media());
            for (PacketMetrics p : m.packets()) {
                assertTrue(p.cost().compareTo(m.total()) <= 0);
                assertTrue(p.llm().compareTo(Duration.ZERO) > 0, "each packet waited for LLM deltas");
            }
            assertTrue(m.firstPacketLatency().orElseThrow().compareTo(m.packets().get(0).cost()) <= 0);
            String table = MetricsTable.of(m);
            assertTrue(table.contains("first-packet latency"), table);
            assertEquals(m.packets().size() + 2, table.lines().count(), table);
        }
    }
}
