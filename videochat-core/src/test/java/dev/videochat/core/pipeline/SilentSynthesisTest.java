package dev.videochat.core.pipeline;

import dev.videochat.api.Stage;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A turn is never silently silent: no audio for words, or nothing to say at all, ends it Failed saying so. */
@Timeout(60)
class SilentSynthesisTest {

    @Test
    void textWithNothingSpeakableIsReportedNotSkipped() throws Exception {
        try (Fixture f = new Fixture(null)) {
            Session session = f.open();
            TurnEvent.Failed failed = assertInstanceOf(TurnEvent.Failed.class, session.speak("😀🎉 !!").await());
            assertEquals(Stage.TTS, failed.error().stage());
            assertTrue(failed.error().getMessage().contains("nothing to speak"), failed.error().getMessage());
            assertTrue(failed.error().getMessage().contains("😀🎉 !!"), failed.error().getMessage());
            assertInstanceOf(TurnEvent.Done.class, session.speak("Words again.").await());
        }
    }

    @Test
    void anAnswerOfEmojiOnlyIsReportedToo() throws Exception {
        try (Fixture f = new Fixture(SimulatedChatModel.streaming(List.of("👍", "🙂")))) {
            TurnEvent.Failed failed = assertInstanceOf(TurnEvent.Failed.class, f.open().say("how?").await());
            assertTrue(failed.error().getMessage().contains("nothing to speak"), failed.error().getMessage());
        }
    }

    @Test
    void aSynthesizerReturningNoAudioForWordsFailsTheTurnNamingTheVoice() throws Exception {
        StageLog log = new StageLog();
        // 0 ms per character: the engine "succeeds" with no audio at all, as a voice that cannot read the script does.
        try (VideoChatEngine engine = VideoChatEngine.builder()
                .synthesizer(new SimulatedSynthesizer(16_000, 0, Duration.ZERO, log))
                .talkingHead(new SimulatedTalkingHead(16, 25, Duration.ZERO, log))
                .muxer(new SimulatedMuxer(log)).build();
             Session session = engine.openSession()) {
            TurnEvent.Failed failed = assertInstanceOf(TurnEvent.Failed.class, session.speak("你好，世界。").await());
            assertEquals(Stage.TTS, failed.error().stage());
            String message = failed.error().getMessage();
            assertTrue(message.contains("[TTS/simulated-tts] the voice tone produced no audio for packet 0"), message);
            assertTrue(message.contains("你好"), message);
        }
    }
}
