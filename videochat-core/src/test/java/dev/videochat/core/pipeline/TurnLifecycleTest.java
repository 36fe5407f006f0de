package dev.videochat.core.pipeline;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedChatModel;
import dev.videochat.core.testing.SimulatedRecognizer;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class TurnLifecycleTest {

    @Test
    void cancellingATurnStopsEveryStageLeavesNoThreadAndTheNextTurnRuns() throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.endless(List.of("This answer starts well. ", "And then ",
                "it never ends"));
        try (Fixture f = new Fixture(llm); Session session = f.open()) {
            CountDownLatch firstSegment = new CountDownLatch(1);
            Turn turn = session.say("talk forever", e -> {
                if (e instanceof TurnEvent.SegmentReady) {
                    firstSegment.countDown();
                }
            });
            assertTrue(firstSegment.await(10, TimeUnit.SECONDS), "the first packet reached the muxer");
            turn.cancel();
            TurnEvent end = turn.await();

            assertInstanceOf(TurnEvent.Cancelled.class, end);
            assertTrue(llm.cancelled.await(10, TimeUnit.SECONDS), "the LLM stream was cancelled");
            assertEquals(List.of(), Fixture.threadsOf(turn));
            var mux = f.muxSession();
            assertEquals(FrameClock.framesFor(mux.samples, 24_000, 25), mux.frames, "video ends with the audio");
            assertEquals(1, f.events(TurnEvent.PacketMetricsReady.class, turn).size(),
                    "the packet finished before the cancel keeps its metrics");

            Turn next = session.speak("Still here.");
            assertInstanceOf(TurnEvent.Done.class, next.await());
            assertEquals(List.of(), Fixture.threadsOf(next));
        }
    }

    @Test
    void cancelBeforeAnythingWasProducedEndsCleanly() throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.endless(List.of());
        try (Fixture f = new Fixture(llm); Session session = f.open()) {
            Turn turn = session.say("hello");
            turn.cancel();
            TurnEvent.Cancelled end = assertInstanceOf(TurnEvent.Cancelled.class, turn.await());
            assertTrue(end.metrics().packets().isEmpty());
            assertTrue(end.metrics().firstPacketLatency().isEmpty());
            turn.cancel();
            assertTrue(turn.isDone());
        }
    }

    @Test
    void startingATurnWhileOneRunsBargesIn() throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.endless(List.of("I will keep talking. ", "More"));
        try (Fixture f = new Fixture(llm); Session session = f.open()) {
            Turn first = session.say("talk");
            assertTrue(llm.firstDeltaSent.await(10, TimeUnit.SECONDS));
            Turn second = session.speak("Sorry, go ahead.");
            assertTrue(first.isDone(), "the first turn ended before the second started");
            assertInstanceOf(TurnEvent.Cancelled.class, first.result().toCompletableFuture().get());
            assertInstanceOf(TurnEvent.Done.class, second.await());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"LLM", "TTS", "THG", "MUX"})
    void aFailingStageEndsTheTurnWithAnErrorNamingItAndTheSessionSurvives(Stage failing) throws Exception {
        List<String> answer = List.of("Fine first packet. ", "Second packet fails here. ", "Third.");
        SimulatedChatModel llm = failing == Stage.LLM ? SimulatedChatModel.failingAt(answer, 1)
                : SimulatedChatModel.streaming(answer);
        try (Fixture f = new Fixture(llm); Session session = f.open()) {
            switch (failing) {
                case TTS -> f.tts.failOn("fails");
                case THG -> f.thg.failAt(1);
                case MUX -> f.muxer.failAtCut(1);
                default -> { }
            }
            Turn turn = session.say("go");
            TurnEvent.Failed failed = assertInstanceOf(TurnEvent.Failed.class, turn.await());
            assertEquals(failing, failed.error().stage());
            assertTrue(failed.error().getMessage().contains("simulated-"), failed.error().getMessage());
            assertEquals(List.of(), Fixture.threadsOf(turn));
            var segments = f.events(TurnEvent.SegmentReady.class, turn);
            assertTrue(segments.size() >= 1 && segments.get(0).packetIndex() == 0,
                    "the packet finished before the failure is still delivered: " + segments);
            assertEquals("Fine first packet. ", f.tts.texts.get(0));
            var mux = f.muxSession();
            assertEquals(FrameClock.framesFor(mux.samples, 24_000, 25), mux.frames, "video ends with the audio");

            f.tts.failOn("\u0000never");
            f.thg.failAt(-1);
            f.muxer.failAtCut(-1);
            assertInstanceOf(TurnEvent.Done.class, session.speak("The session survives.").await());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimulatedRecognizer.Behaviour.class, names = {"THROWS", "FAILS_ITS_CALL"})
    void aFailingRecognizerEndsTheTurnWithAnErrorNamingAsrAndItsProviderAndTheSessionSurvives(
            SimulatedRecognizer.Behaviour failure) throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.streaming(List.of("Never asked."));
        try (Fixture f = new Fixture(llm, VideoChatEngine.builder().recognizer(SimulatedRecognizer.failing(failure)));
             Session session = f.open()) {
            Turn turn = session.ask(AudioChunk.silence(16_000, 16_000));
            TurnEvent.Failed failed = assertInstanceOf(TurnEvent.Failed.class, turn.await());

            assertEquals(Stage.ASR, failed.error().stage());
            assertEquals("simulated-asr", failed.error().provider());
            assertTrue(failed.error().getMessage().contains("ASR/simulated-asr"), failed.error().getMessage());
            assertEquals(0, llm.requests.size(), "nothing was asked of the LLM");
            assertEquals(List.of(), f.events(TurnEvent.PacketReady.class, turn));
            assertEquals(List.of(), Fixture.threadsOf(turn));
            assertInstanceOf(TurnEvent.Done.class, session.speak("The session survives.").await());
        }
    }

    @Test
    void badTextIsRejectedBeforeATurnStarts() {
        try (Fixture f = new Fixture(SimulatedChatModel.streaming(List.of("unused"))); Session session = f.open()) {
            for (String bad : new String[] {null, "", "  ", "\n\t"}) {
                IllegalArgumentException say = assertThrows(IllegalArgumentException.class, () -> session.say(bad));
                assertTrue(say.getMessage().contains("null or blank"), say.getMessage());
                IllegalArgumentException speak = assertThrows(IllegalArgumentException.class,
                        () -> session.speak(bad));
                assertTrue(speak.getMessage().contains("null or blank"), speak.getMessage());
            }
            assertTrue(f.events.isEmpty(), "no turn started: " + f.events);
        }
    }

    @Test
    void missingOrEmptyAudioIsRejectedBeforeATurnStarts() {
        SimulatedRecognizer asr = SimulatedRecognizer.hearing("unused");
        try (Fixture f = new Fixture(SimulatedChatModel.streaming(List.of("unused")),
                VideoChatEngine.builder().recognizer(asr)); Session session = f.open()) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> session.ask(null));
            assertTrue(none.getMessage().contains("audio"), none.getMessage());
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                    () -> session.ask(AudioChunk.silence(0, 16_000)));
            assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
            assertTrue(asr.clips.isEmpty(), "the recognizer was not called");
            assertTrue(f.events.isEmpty(), "no turn started: " + f.events);
        }
    }

    @Test
    void audioAtAnotherRateThanTheRecognizersIsResampledNotRejected() throws Exception {
        SimulatedRecognizer asr = SimulatedRecognizer.hearing("hello");
        try (Fixture f = new Fixture(SimulatedChatModel.streaming(List.of("Hi there.")),
                VideoChatEngine.builder().recognizer(asr)); Session session = f.open()) {
            // One second at 44.1 kHz reaches the 16 kHz recognizer as one second at 16 kHz.
            assertInstanceOf(TurnEvent.Done.class, session.ask(AudioChunk.silence(44_100, 44_100)).await());
            assertEquals(16_000, asr.clips.get(0).sampleRate());
            assertEquals(16_000, asr.clips.get(0).sampleCount());
        }
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        try (Fixture f = new Fixture(null); Session session = f.open()) {
            assertThrows(IllegalArgumentException.class, () -> session.speak(null));
            IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> session.speak("  "));
            assertTrue(blank.getMessage().contains("blank"), blank.getMessage());
            ConfigurationException noLlm = assertThrows(ConfigurationException.class, () -> session.say("hi"));
            assertTrue(noLlm.getMessage().contains("chatModel"), noLlm.getMessage());
            assertThrows(IllegalArgumentException.class, () -> session.ask(AudioChunk.silence(0, 16_000)));
            ConfigurationException noAsr = assertThrows(ConfigurationException.class,
                    () -> session.ask(AudioChunk.silence(160, 16_000)));
            assertEquals(Stage.ASR, noAsr.stage());
            IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                    () -> new AudioChunk(new short[10], 4_000));
            assertTrue(rate.getMessage().contains("4000"), rate.getMessage());
            assertThrows(IllegalArgumentException.class, () -> VideoChatEngine.builder().minChars(-1));
            assertThrows(IllegalArgumentException.class, () -> VideoChatEngine.builder().sampleRate(1_000));
            assertThrows(IllegalArgumentException.class, () -> VideoChatEngine.builder().queueCapacities(0, 1, 1));
            ConfigurationException avatar = assertThrows(ConfigurationException.class,
                    () -> f.engine.openSession(SessionOptions.builder().avatar("nobody").build()));
            assertTrue(avatar.getMessage().contains("nobody"), avatar.getMessage());
        }
    }

    @Test
    void aClosedSessionRefusesTurnsAndFinishesItsStream() {
        try (Fixture f = new Fixture(null)) {
            Session session = f.open();
            session.close();
            assertTrue(f.muxSession().closed);
            assertThrows(IllegalStateException.class, () -> session.speak("late"));
            session.close();
        }
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheTurn() throws Exception {
        try (Fixture f = new Fixture(null); Session session = f.open()) {
            Turn turn = session.speak("Listeners may fail.", e -> {
                throw new IllegalStateException("bad listener");
            });
            assertInstanceOf(TurnEvent.Done.class, turn.await());
            assertFalse(f.events(TurnEvent.SegmentReady.class).isEmpty());
        }
    }
}
