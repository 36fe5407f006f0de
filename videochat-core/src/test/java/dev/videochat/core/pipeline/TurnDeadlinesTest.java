package dev.videochat.core.pipeline;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.StageTimeoutException;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedChatModel;
import dev.videochat.core.testing.SimulatedMuxer;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A turn always ends: a stage that stops producing, or a turn that runs too long, ends it Failed. */
@Timeout(60)
class TurnDeadlinesTest {

    private static final Duration IDLE = Duration.ofMillis(400);

    private static StageTimeoutException timeoutOf(TurnEvent end) {
        TurnEvent.Failed failed = assertInstanceOf(TurnEvent.Failed.class, end);
        return assertInstanceOf(StageTimeoutException.class, failed.error(), failed.error().getMessage());
    }

    @Test
    void aSynthesisThatNeverEndsFailsTheTurnNamingTtsAndTheLimit() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (Fixture f = new Fixture(null)) {
            f.tts.gateBeforeEnd(i -> never);
            Session session = f.open(SessionOptions.builder().stageIdleTimeout(IDLE));
            Turn turn = session.speak("This synthesis hangs after its audio.");
            StageTimeoutException e = timeoutOf(turn.await());
            assertEquals(Stage.TTS, e.stage());
            assertEquals(StageTimeoutException.Kind.STAGE_IDLE, e.kind());
            assertEquals(IDLE, e.limit());
            assertTrue(e.getMessage().contains("[TTS/simulated-tts] no audio from the speech synthesizer for 400 ms"),
                    e.getMessage());
            assertEquals(List.of(), Fixture.threadsOf(turn));
            never.countDown();
            assertInstanceOf(TurnEvent.Done.class, session.speak("The session goes on.").await());
        }
    }

    @Test
    void aStageWaitingForRoomDownstreamIsNotIdle() throws Exception {
        // Each 100 ms chunk of audio takes the talking head about 375 ms to render (150 ms a frame) and the queues
        // hold one item, so TTS waits on back-pressure longer than the idle limit at every chunk, while every
        // stage's engine makes progress well within it.
        StageLog log = new StageLog();
        try (VideoChatEngine engine = VideoChatEngine.builder()
                .synthesizer(new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log))
                .talkingHead(new SimulatedTalkingHead(16, 25, Duration.ofMillis(150), log))
                .muxer(new SimulatedMuxer(log))
                .queueCapacities(1, 1, 1)
                .stageIdleTimeout(Duration.ofMillis(300))
                .build();
             Session session = engine.openSession()) {
            assertInstanceOf(TurnEvent.Done.class, session.speak("A sentence long enough.").await());
        }
    }

    @Test
    void aTurnThatKeepsProducingPastItsDeadlineFailsNamingTheLimit() throws Exception {
        // Each delta comes well within the idle limit, but the answer never ends.
        SimulatedChatModel llm = SimulatedChatModel.streaming(
                java.util.Collections.nCopies(10_000, "More words, "), Duration.ofMillis(20));
        try (Fixture f = new Fixture(llm, VideoChatEngine.builder().turnTimeout(Duration.ofSeconds(1)))) {
            Session session = f.open();
            StageTimeoutException e = timeoutOf(session.say("talk forever").await());
            assertEquals(StageTimeoutException.Kind.TURN, e.kind());
            assertEquals(Duration.ofSeconds(1), e.limit());
            assertTrue(e.getMessage().contains("took longer than its 1 s deadline"), e.getMessage());
            assertTrue(llm.cancelled.await(10, TimeUnit.SECONDS), "the LLM stream was closed");
        }
    }

    @Test
    void anOutOfMemoryErrorInAStageEndsTheTurnWithAFinalEvent() throws Exception {
        try (Fixture f = new Fixture(null, VideoChatEngine.builder())) {
            SpeechSynthesizer exhausted = new SpeechSynthesizer() {
                @Override
                public String name() {
                    return "exhausted-tts";
                }

                @Override
                public List<Voice> voices() {
                    return List.of(new Voice("v", "en"));
                }

                @Override
                public Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler) {
                    throw new OutOfMemoryError("simulated: Java heap space");
                }
            };
            try (VideoChatEngine engine = VideoChatEngine.builder().synthesizer(exhausted).talkingHead(f.thg)
                    .muxer(f.muxer).build();
                 Session session = engine.openSession()) {
                TurnEvent.Failed failed = assertInstanceOf(TurnEvent.Failed.class,
                        session.speak("Out of memory.").await());
                assertEquals(Stage.TTS, failed.error().stage());
                assertInstanceOf(OutOfMemoryError.class, failed.error().getCause());
            }
        }
    }

    @Test
    void deadlinesMustBePositive() {
        var builder = SessionOptions.builder();
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> builder.turnTimeout(Duration.ZERO));
        assertTrue(e.getMessage().contains("turnTimeout"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> VideoChatEngine.builder().stageIdleTimeout(Duration.ofSeconds(-1)));
    }
}
