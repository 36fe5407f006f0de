package dev.videochat.examples.web;

import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.SimulatedSpeechModel;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web demo in speech-to-speech mode: typed text is answered by the model's own voice, not the TTS. */
class WebDemoSpeechToSpeechTest {

    private final StageLog log = new StageLog();
    private final SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
    private final SimulatedSpeechModel model = new SimulatedSpeechModel(List.of("Sunny ", "all day."), -1);
    private VideoChatEngine engine;
    private WebDemo demo;
    private DemoClient client;

    @BeforeEach
    void start() throws IOException {
        SimulatedTalkingHead thg = new SimulatedTalkingHead(16, 25, Duration.ZERO, log);
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg).muxer(new FakeFmp4Muxer())
                .speechToSpeech(model).build();
        demo = WebDemo.builder(DemoEngines.speechToSpeech(engine, thg.avatars(), tts.voices())).port(0)
                .heartbeat(Duration.ofMillis(200)).webRtc(false).start();
        client = new DemoClient(demo.uri());
    }

    @AfterEach
    void stop() {
        demo.close();
        engine.close();
    }

    @Test
    void typedTextIsAnsweredByTheSpeechToSpeechModel() throws Exception {
        String sid = client.openSession();
        HttpResponse<InputStream> events = client.stream("/api/events?sid=" + sid);
        BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        DemoClient.awaitEvent(lines, "session", sid);
        HttpResponse<String> said = client.post("/api/say?sid=" + sid,
                "What is the weather like?".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertEquals(202, said.statusCode(), said.body());
        String done = DemoClient.awaitEvent(lines, "done", "firstPacketLatency");
        assertTrue(done.contains("\"answer\":\"Sunny all day.\""), done);
        assertEquals(List.of("What is the weather like?"), model.texts);
        assertTrue(tts.texts.isEmpty(), "the TTS was not used");
        events.body().close();
    }
}
