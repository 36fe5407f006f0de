package dev.videochat.core.pipeline;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.vad.VadStream;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.api.voice.VoiceEvent;
import dev.videochat.core.testing.SimulatedChatModel;
import dev.videochat.core.testing.SimulatedRecognizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A session that listens: utterances answered when they end, the user talking over the avatar stops it. */
@Timeout(60)
class ListeningTest {

    /** Speech is anything louder than a whisper: enough to test the session's part, which is not the detector's. */
    static final class LoudnessDetector implements VoiceActivityDetector {
        @Override
        public String name() {
            return "loudness";
        }

        @Override
        public int sampleRate() {
            return 16_000;
        }

        @Override
        public int frameSamples() {
            return 512;
        }

        @Override
        public VadStream open() {
            return new VadStream() {
                @Override
                public float speechProbability(short[] frame) {
                    double energy = 0;
                    for (short s : frame) {
                        energy += (double) s * s;
                    }
                    return Math.sqrt(energy / frame.length) > 1000 ? 0.95f : 0.02f;
                }

                @Override
                public void reset() {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    /** {@code seconds} of a loud 200 Hz tone ("speech") or of silence, at 48 kHz, in 20 ms chunks. */
    private static void push(VoiceInput input, double seconds, boolean loud) {
        int rate = 48_000;
        int chunk = rate / 50;
        int total = (int) Math.round(seconds * rate);
        for (int at = 0; at < total; at += chunk) {
            short[] s = new short[Math.min(chunk, total - at)];
            if (loud) {
                for (int i = 0; i < s.length; i++) {
                    s[i] = (short) (9000 * Math.sin(2 * Math.PI * 200 * (at + i) / rate));
                }
            }
            input.push(new AudioChunk(s, rate));
        }
    }

    private static <T extends VoiceEvent> T next(BlockingQueue<VoiceEvent> events, Class<T> type)
            throws InterruptedException {
        while (true) {
            VoiceEvent e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "no " + type.getSimpleName() + " within 10 s");
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    private static Fixture fixture(SimulatedChatModel llm, boolean withAsr) {
        VideoChatEngine.Builder builder = VideoChatEngine.builder().voiceActivityDetector(new LoudnessDetector());
        if (withAsr) {
            builder.recognizer(SimulatedRecognizer.hearing("what time is it"));
        }
        return new Fixture(llm, builder);
    }

    @Test
    void anUtteranceIsAnsweredWhenItEnds() throws Exception {
        BlockingQueue<VoiceEvent> heard = new LinkedBlockingQueue<>();
        try (Fixture f = fixture(SimulatedChatModel.streaming(List.of("It is noon.")), true)) {
            BlockingQueue<TurnEvent.Done> done = new LinkedBlockingQueue<>();
            Session session = f.open(SessionOptions.builder().listener(e -> {
                if (e instanceof TurnEvent.Done d) {
                    done.add(d);
                }
            }));
            VoiceInput mic = session.listen(ListeningOptions.builder().listener(heard::add).build());
            push(mic, 0.5, false);
            push(mic, 1.0, true);
            push(mic, 1.0, false);
            VoiceEvent.SpeechStarted started = next(heard, VoiceEvent.SpeechStarted.class);
            assertTrue(Math.abs(started.at().toMillis() - 500) <= 100, "speech started at " + started.at());
            VoiceEvent.SpeechEnded ended = next(heard, VoiceEvent.SpeechEnded.class);
            assertTrue(ended.end().compareTo(ended.start()) > 0);
            VoiceEvent.Answering answering = next(heard, VoiceEvent.Answering.class);
            TurnEvent.Done answered = done.poll(10, TimeUnit.SECONDS);
            assertNotNull(answered, "the utterance was answered");
            assertEquals(answering.turnId(), answered.turnId());
            assertEquals("It is noon.", answered.answer());
            assertEquals("what time is it", session.history().get(0).content());
            mic.close();
            assertThrows(IllegalStateException.class, () -> mic.push(AudioChunk.silence(10, 16_000)));
        }
    }

    @Test
    void talkingOverTheAvatarStopsItAndTheHistoryKeepsOnlyWhatWasPlayed() throws Exception {
        BlockingQueue<VoiceEvent> heard = new LinkedBlockingQueue<>();
        SimulatedChatModel llm = SimulatedChatModel.endless(List.of("Let me tell you a very long story. ",
                "It goes on and on. ", "And on."));
        try (Fixture f = fixture(llm, true)) {
            Session session = f.open(SessionOptions.builder().live(true));
            VoiceInput mic = session.listen(ListeningOptions.builder().listener(heard::add).build());
            CountDownLatch speaking = new CountDownLatch(1);
            Turn answer = session.say("tell me a story", e -> {
                if (e instanceof TurnEvent.SegmentReady) {
                    speaking.countDown();
                }
            });
            assertTrue(speaking.await(10, TimeUnit.SECONDS));
            push(mic, 0.6, true);
            VoiceEvent.BargedIn bargedIn = next(heard, VoiceEvent.BargedIn.class);
            assertEquals(answer.id(), bargedIn.turnId());
            assertInstanceOf(TurnEvent.Cancelled.class, answer.await());
            String remembered = session.history().get(1).content();
            assertTrue("Let me tell you a very long story. It goes on and on. And on.".startsWith(remembered)
                    && !remembered.isEmpty() && remembered.length() < 60, remembered);
            push(mic, 1.0, false);
            next(heard, VoiceEvent.Answering.class);
        }
    }

    @Test
    void withoutARecognizerTheAvatarStillStopsAndTheUtteranceIsReportedUnanswered() throws Exception {
        BlockingQueue<VoiceEvent> heard = new LinkedBlockingQueue<>();
        try (Fixture f = fixture(null, false)) {
            Session session = f.open(SessionOptions.builder().live(true));
            VoiceInput mic = session.listen(ListeningOptions.builder().listener(heard::add).build());
            CountDownLatch speaking = new CountDownLatch(1);
            Turn answer = session.speak("A scripted answer. It is long enough to be talked over by the user who "
                    + "has something to say about it right now, while the avatar is still speaking.", e -> {
                        if (e instanceof TurnEvent.SegmentReady) {
                            speaking.countDown();
                        }
                    });
            assertTrue(speaking.await(10, TimeUnit.SECONDS));
            push(mic, 0.6, true);
            push(mic, 1.0, false);
            assertEquals(answer.id(), next(heard, VoiceEvent.BargedIn.class).turnId());
            assertInstanceOf(TurnEvent.Cancelled.class, answer.await());
            VoiceEvent.Unanswered unanswered = next(heard, VoiceEvent.Unanswered.class);
            assertTrue(unanswered.reason().contains("no speech recognizer"), unanswered.reason());
        }
    }

    @Test
    void duckingLowersTheAnswerForANoiseAndStopsItForSpeech() throws Exception {
        BlockingQueue<VoiceEvent> heard = new LinkedBlockingQueue<>();
        try (Fixture f = fixture(null, false)) {
            Session session = f.open(SessionOptions.builder().live(true));
            VoiceInput mic = session.listen(ListeningOptions.builder().duck(0.2, Duration.ofMillis(500))
                    .answer(false).listener(heard::add).build());
            CountDownLatch speaking = new CountDownLatch(1);
            Turn answer = session.speak("An answer. It goes on for a good while, so that a cough and then a real "
                    + "interruption both happen while it plays, one after the other, before it ends.", e -> {
                        if (e instanceof TurnEvent.SegmentReady) {
                            speaking.countDown();
                        }
                    });
            assertTrue(speaking.await(10, TimeUnit.SECONDS));
            // A cough: too short to be speech, so the answer is not even lowered.
            push(mic, 0.1, true);
            push(mic, 0.8, false);
            next(heard, VoiceEvent.NoiseIgnored.class);
            assertEquals(1.0f, session.duckGain());
            assertTrue(!answer.isDone(), "a noise does not stop the answer");
            // Speech: lowered once it is speech, stopped once it has lasted the duck time.
            push(mic, 1.0, true);
            assertEquals(answer.id(), next(heard, VoiceEvent.Ducked.class).turnId());
            assertEquals(answer.id(), next(heard, VoiceEvent.BargedIn.class).turnId());
            assertInstanceOf(TurnEvent.Cancelled.class, answer.await());
        }
    }

    @Test
    void listeningNeedsAVoiceActivityDetector() {
        try (Fixture f = new Fixture(null)) {
            Session session = f.open();
            ConfigurationException e = assertThrows(ConfigurationException.class, session::listen);
            assertEquals(Stage.VAD, e.stage());
            assertTrue(e.getMessage().contains("voiceActivityDetector"), e.getMessage());
        }
    }
}
