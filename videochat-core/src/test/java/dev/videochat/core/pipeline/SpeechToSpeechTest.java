package dev.videochat.core.pipeline;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedSpeechModel;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A speech-to-speech model in place of ASR, LLM and TTS: its audio goes straight to the talking head. */
@Timeout(60)
class SpeechToSpeechTest {

    private static final List<String> ANSWER = List.of("Hello there. ", "I am a model ", "that speaks. ",
            "This is the end of my answer.");

    private static Fixture fixture(SimulatedSpeechModel model) {
        return new Fixture(null, VideoChatEngine.builder().speechToSpeech(model));
    }

    @Test
    void theModelsAudioIsAnimatedAndItsTranscriptRemembered() throws Exception {
        SimulatedSpeechModel model = new SimulatedSpeechModel(ANSWER, -1);
        try (Fixture f = fixture(model)) {
            Session session = f.open(SessionOptions.builder().speechToSpeech(true));
            TurnEvent.Done done = assertInstanceOf(TurnEvent.Done.class, session.say("introduce yourself").await());
            assertEquals(String.join("", ANSWER), done.answer());
            assertEquals(List.of("introduce yourself"), model.texts);
            assertTrue(f.tts.texts.isEmpty(), "the TTS was not used");
            var mux = f.muxSession();
            long answerSamples = String.join("", ANSWER).length() * 24_000L / 10;
            assertEquals(answerSamples, mux.samples, "every sample of the model's audio reached the muxer");
            assertEquals(FrameClock.framesFor(mux.samples, 24_000, 25), mux.frames);
            // Cut into packets: the first after 0.8 s at a sentence end, later ones after 2 s.
            List<String> packets = f.events(TurnEvent.PacketReady.class).stream().map(p -> p.packet().text()).toList();
            assertEquals(List.of("Hello there. ", "I am a model that speaks. ", "This is the end of my answer."),
                    packets);
            assertEquals(packets.size(), done.metrics().packets().size());
            assertTrue(done.metrics().llmFirstDelta().isPresent());
            assertEquals("introduce yourself", session.history().get(0).content());
            assertEquals(String.join("", ANSWER), session.history().get(1).content());
        }
    }

    @Test
    void theFirstSegmentIsOutBeforeTheModelHasFinishedAnswering() throws Exception {
        SimulatedSpeechModel model = new SimulatedSpeechModel(ANSWER, 3);
        try (Fixture f = fixture(model)) {
            CountDownLatch firstSegment = new CountDownLatch(1);
            Session session = f.open(SessionOptions.builder().speechToSpeech(true));
            Turn turn = session.say("go", e -> {
                if (e instanceof TurnEvent.SegmentReady) {
                    firstSegment.countDown();
                }
            });
            // The model holds its last words until the first segment is out: no deadlock means streaming.
            assertTrue(firstSegment.await(10, TimeUnit.SECONDS), "a segment came while the model was still answering");
            assertFalse(turn.isDone());
            model.gate.countDown();
            assertInstanceOf(TurnEvent.Done.class, turn.await());
        }
    }

    @Test
    void anAnswerCutShortIsTruncatedInTheModelToWhatWasPlayed() throws Exception {
        SimulatedSpeechModel model = new SimulatedSpeechModel(ANSWER, 3);
        try (Fixture f = fixture(model)) {
            CountDownLatch firstSegment = new CountDownLatch(1);
            Session session = f.open(SessionOptions.builder().speechToSpeech(true));
            Turn turn = session.say("go", e -> {
                if (e instanceof TurnEvent.SegmentReady) {
                    firstSegment.countDown();
                }
            });
            assertTrue(firstSegment.await(10, TimeUnit.SECONDS));
            turn.cancel();
            assertInstanceOf(TurnEvent.Cancelled.class, turn.await());
            assertTrue(model.cancelled.await(10, TimeUnit.SECONDS), "the response was cancelled at the model");
            assertEquals(1, model.truncations.size());
            long played = f.muxSession().samples;
            assertEquals(Duration.ofNanos(played * 1_000_000_000L / 24_000), model.truncations.get(0),
                    "truncated at the audio written to the outputs");
            String remembered = session.history().get(1).content();
            assertTrue(String.join("", ANSWER).startsWith(remembered) && remembered.length() < 60, remembered);
        }
    }

    @Test
    void audioTurnsGoToTheModelAndTheConversationClosesWithTheSession() throws Exception {
        SimulatedSpeechModel model = new SimulatedSpeechModel(List.of("Yes."), -1);
        try (Fixture f = fixture(model)) {
            Session session = f.open(SessionOptions.builder().speechToSpeech(true));
            assertInstanceOf(TurnEvent.Done.class, session.ask(AudioChunk.silence(16_000, 16_000)).await());
            assertEquals(List.of(16_000), model.audioSamples);
            assertEquals("what the user said", session.history().get(0).content());
            session.close();
            assertTrue(model.closed.isDone());
        }
    }

    @Test
    void speechToSpeechModeWithoutAModelSaysWhatToAdd() {
        try (Fixture f = new Fixture(null)) {
            Session session = f.open(SessionOptions.builder().speechToSpeech(true));
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> session.say("hi"));
            assertEquals(Stage.S2S, e.stage());
            assertTrue(e.getMessage().contains("speechToSpeech"), e.getMessage());
        }
    }
}
