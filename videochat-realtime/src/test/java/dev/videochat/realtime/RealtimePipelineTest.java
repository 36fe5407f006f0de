package dev.videochat.realtime;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.LoopbackWebSocketServer;
import dev.videochat.core.testing.SimulatedMuxer;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole speech-to-speech turn through the pipeline, against the Realtime-protocol peer on loopback. */
@Timeout(60)
class RealtimePipelineTest {

    @Test
    void aSpokenTurnIsAnimatedFromTheModelsAudioAndItsTranscriptRemembered() throws Exception {
        RealtimePeer peer = new RealtimePeer();
        StageLog log = new StageLog();
        SimulatedMuxer muxer = new SimulatedMuxer(log);
        SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
        List<TurnEvent> events = new CopyOnWriteArrayList<>();
        try (LoopbackWebSocketServer server = new LoopbackWebSocketServer(peer, request -> null, 1)) {
            RealtimeSpeechModel model = new RealtimeSpeechModel(RealtimeSpeechModel.builder(RealtimePreset.LOCAL)
                    .model("test-model").voice("verse").idleTimeout(Duration.ofSeconds(10))
                    .baseUrl(server.uri("/v1/realtime")).environment(name -> null).settings());
            try (VideoChatEngine engine = VideoChatEngine.builder().speechToSpeech(model).synthesizer(tts)
                    .talkingHead(new SimulatedTalkingHead(16, 25, Duration.ZERO, log)).muxer(muxer).build();
                 Session session = engine.openSession(SessionOptions.builder().speechToSpeech(true)
                         .listener(events::add).build())) {
                // The user's speech, at 16 kHz: the client resamples it to the protocol's 24 kHz.
                TurnEvent end = session.ask(AudioChunk.silence(8_000, 16_000)).await();
                TurnEvent.Done done = assertInstanceOf(TurnEvent.Done.class, end);
                assertEquals(String.join("", RealtimePeer.TRANSCRIPT), done.answer());
                assertTrue(tts.texts.isEmpty(), "the TTS was not used");
                SimulatedMuxer.Session mux = muxer.sessions.get(0);
                assertEquals(RealtimePeer.AUDIO.length, mux.samples, "every sample the peer sent was muxed");
                assertEquals(FrameClock.framesFor(mux.samples, 24_000, 25), mux.frames);
                assertTrue(events.stream().anyMatch(e -> e instanceof TurnEvent.SegmentReady));
                assertEquals(RealtimePeer.TRANSCRIPT_OF_USER, session.history().get(0).content());
                assertEquals(done.answer(), session.history().get(1).content());
            }
        }
    }
}
