package dev.videochat.examples.web;

import com.sun.net.httpserver.HttpServer;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.provider.Providers;
import dev.videochat.core.testing.LoopbackWebSocketServer;
import dev.videochat.core.testing.TestAssets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hands-free, end to end in Chromium over WebRTC: the fake microphone speaks, a FunASR-protocol peer on loopback
 * recognizes the utterance, a streaming OpenAI-compatible server on loopback answers, the avatar speaks the answer,
 * and the user talking over it stops it.
 */
class WebDemoHandsFreeBrowserTest {

    private static final Duration SLOW = Duration.ofSeconds(Integer.getInteger("slow", 120));
    static final String HEARD = "what is the weather like";
    private static final String ANSWER = "It is sunny and warm today. The wind is light from the west. "
            + "In the afternoon a few clouds may pass over the hills. Tonight it stays clear and mild. "
            + "Tomorrow brings more of the same, with a little rain late in the evening. "
            + "The weekend looks bright again, so plan something outside.";

    private LoopbackWebSocketServer asr;
    private HttpServer llm;
    private VideoChatEngine engine;
    private WebDemo demo;
    private WebDriver driver;
    private WebRtcPage page;

    /** The FunASR runtime server in offline mode: the configuration, the audio, then one result at the end. */
    private static final class FunAsrOffline implements LoopbackWebSocketServer.Handler {
        private boolean configured;

        @Override
        public void onText(LoopbackWebSocketServer.Connection c, String text) throws IOException {
            if (!configured) {
                configured = true;
            } else if (text.replace(" ", "").contains("\"is_speaking\":false")) {
                c.sendText("{\"mode\":\"offline\",\"text\":\"" + HEARD + "\",\"wav_name\":\"mic\","
                        + "\"is_final\":false}");
            }
        }
    }

    /** An OpenAI-compatible chat server streaming the answer word by word over server-sent events. */
    private static HttpServer streamingLlm() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String word : ANSWER.split("(?<= )")) {
                    String json = word.replace("\\", "\\\\").replace("\"", "\\\"");
                    out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + json
                            + "\"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(5);
                }
                out.write("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
                        .getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    @BeforeEach
    void start() throws Exception {
        Chromium.assumeInstalled();
        Chromium.assumeNetworkInterface();
        Optional<Path> speech = TestAssets.root().map(root -> root.resolve("audio/en/jfk.wav"))
                .filter(Files::isRegularFile);
        Assumptions.assumeTrue(speech.isPresent(), "skipped: ../shared/assets/audio/en/jfk.wav (the fake "
                + "microphone's speech) is absent");
        Path target = Path.of("target", "web-demo").toAbsolutePath();
        Files.createDirectories(target);
        asr = new LoopbackWebSocketServer(new FunAsrOffline());
        llm = streamingLlm();
        SpeechSynthesizer tts = Providers.synthesizer("freetts", Map.of());
        TalkingHead thg = Providers.talkingHead("sprite", Map.of());
        Map<String, String> mux = new HashMap<>(WebDemo.MUXER_SETTINGS);
        mux.put("output-dir", target.resolve("out-handsfree").toString());
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg)
                .muxer(Providers.muxer("ffmpeg", mux)).voiceActivityDetector(Providers.vad("energy", Map.of()))
                .recognizer(Providers.recognizer("funasr", Map.of("url", asr.uri("/").toString(), "mode", "offline")))
                .chatModel(Providers.chatModel("openai-compatible", Map.of("base-url",
                        "http://127.0.0.1:" + llm.getAddress().getPort() + "/v1", "model", "weather")))
                .build();
        demo = WebDemo.builder(new DemoEngines(engine, thg.avatars(), tts.voices(), true, true)).port(0)
                .stampFrames(true).start();
        Assumptions.assumeTrue(demo.webRtc(), "skipped: libwebrtc does not load here (see the server's log)");
        driver = Chromium.start(target.resolve("profile-handsfree"),
                "--disable-features=WebRtcHideLocalIpsWithMdns", "--allow-loopback-in-peer-connection",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + speech.get());
        page = new WebRtcPage(driver, SLOW);
    }

    @AfterEach
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (demo != null) {
            demo.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (llm != null) {
            llm.stop(0);
        }
        if (asr != null) {
            asr.close();
        }
    }

    @Test
    void speakingIntoThePageGetsAnAnswerAndTalkingOverItStopsIt() {
        page.open(demo.uri());
        driver.findElement(By.id("mute")).click();
        page.await("an utterance is recognized and answered", "return window.videochat.voiceEvents"
                + ".some(e => e.kind === 'answering')");
        // Mute while the answer plays, so the clip's next phrase does not cut it off before it is seen. A phrase
        // already under way when the mute lands still ends and is answered, replacing the first answer: follow the
        // latest answer, once it has played a second with the microphone muted.
        driver.findElement(By.id("mute")).click();
        String latest = "const a = window.videochat.voiceEvents.filter(e => e.kind === 'answering');"
                + "const id = a[a.length - 1].turn;";
        page.await("the latest answer plays", latest + "const t = window.videochat.turns[id];"
                + "const p = window.videochatPlayer.turns[id];"
                + "return !!t && t.firstFrameAt !== null && !!p && p.start !== null"
                + " && window.videochat.lastFrame.mediaTime > p.start + 1.0");
        String turn = (String) page.js(latest + "return id;");
        page.await("the page shows what was heard", "return document.getElementById('transcript').textContent"
                + ".includes('" + HEARD + "')");
        driver.findElement(By.id("mute")).click();
        page.await("talking over the answer stops it", WebRtcPage.turnIs(turn, "t.status === 'cancelled'"
                + " && window.videochat.bargedIn.includes('" + turn + "')"));
        page.assertNoErrors();
    }

}
