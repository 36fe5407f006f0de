package dev.videochat.examples.web;

import dev.videochat.api.media.MuxerProvider;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.provider.Providers;
import dev.videochat.core.testing.TestAssets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web demo over WebRTC, its default: headless Chromium connects to the server's libwebrtc peer (through this
 * machine's own LAN address: libwebrtc gathers no loopback candidate), renders the avatar's frames, and talks
 * through a fake microphone that plays {@code jfk.wav}. The server stamps each frame's index into the picture
 * ({@link FrameIndexStamp}), so the page knows which rendered frame belongs to which answer. Checks what was shown
 * and in which order, never how fast; skips when the browser, an engine, libwebrtc or the shared assets are absent.
 */
class WebDemoWebRtcBrowserTest {

    private static final Duration SLOW = Duration.ofSeconds(Integer.getInteger("slow", 120));

    private VideoChatEngine engine;
    private WebDemo demo;
    private WebDriver driver;
    private WebRtcPage page;
    private Path target;

    @BeforeEach
    void start() throws Exception {
        Chromium.assumeInstalled();
        Chromium.assumeNetworkInterface();
        for (var provider : Map.of(SpeechSynthesizerProvider.class, "freetts", TalkingHeadProvider.class, "sprite",
                MuxerProvider.class, "ffmpeg").entrySet()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            boolean present = Providers.find((Class) provider.getKey(), provider.getValue()).isPresent();
            Assumptions.assumeTrue(present, "skipped: the '" + provider.getValue() + "' engine ("
                    + provider.getKey().getSimpleName() + ") is not on the class path");
        }
        Optional<Path> speech = TestAssets.root().map(root -> root.resolve("audio/en/jfk.wav"))
                .filter(Files::isRegularFile);
        Assumptions.assumeTrue(speech.isPresent(), "skipped: ../shared/assets/audio/en/jfk.wav (the fake "
                + "microphone's speech) is absent");
        target = Path.of("target", "web-demo").toAbsolutePath();
        Files.createDirectories(target);
        SpeechSynthesizer tts = Providers.synthesizer("freetts", Map.of());
        TalkingHead thg = Providers.talkingHead("sprite", Map.of());
        Map<String, String> mux = new HashMap<>(WebDemo.MUXER_SETTINGS);
        mux.put("output-dir", target.resolve("out-webrtc").toString());
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg)
                .muxer(Providers.muxer("ffmpeg", mux)).voiceActivityDetector(Providers.vad("energy", Map.of()))
                .build();
        demo = WebDemo.builder(new DemoEngines(engine, thg.avatars(), tts.voices(), false, false)).port(0)
                .stampFrames(true).start();
        Assumptions.assumeTrue(demo.webRtc(), "skipped: libwebrtc does not load here (see the server's log)");
        driver = Chromium.start(target.resolve("profile"),
                // libwebrtc has no loopback candidate, and Chromium hides its own host address behind mDNS names
                "--disable-features=WebRtcHideLocalIpsWithMdns", "--allow-loopback-in-peer-connection",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + speech.get());
        page = new WebRtcPage(driver, SLOW);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (demo != null) {
            demo.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void anAnswersFramesAreRenderedOverWebRtc() {
        page.open(demo.uri());
        assertEquals("muted", page.js("return window.videochat.voice"), "?mic=off starts with the microphone muted");
        String turn = ask("Hello! I come to you over WebRTC.");
        page.await("the answer's first frame is rendered", WebRtcPage.turnIs(turn, "t.firstFrameAt !== null"));
        page.await("the answer is done", WebRtcPage.turnIs(turn, "t.status === 'done'"));
        page.await("idle frames follow the answer", "const p = window.videochatPlayer.turns['" + turn + "'];"
                + "return window.videochat.phase === 'idle' && window.videochat.lastFrame.mediaTime > p.end + 0.5");
        assertTrue(page.number(WebRtcPage.turnValue(turn, "t.lastSpeechAt")) >= page.number(WebRtcPage.turnValue(turn, "t.firstFrameAt")));
        page.assertNoErrors();
    }

    @Test
    void talkingOverAnAnswerStopsIt() {
        page.open(demo.uri());
        String turn = ask(WebDemoBrowserTest.LONG_ANSWER);
        page.awaitPlaying(turn, 1.0);
        driver.findElement(By.id("mute")).click();
        page.await("the user is heard speaking", "return window.videochat.voiceEvents.some(e => e.kind === 'speechStarted')");
        page.await("the answer is stopped by barge-in", WebRtcPage.turnIs(turn, "t.status === 'cancelled'"
                + " && window.videochat.bargedIn.includes('" + turn + "')"));
        page.await("the page says so", "return document.getElementById('transcript').textContent"
                + ".includes('you talked over it')");
        double cancelledFragments = page.number("return window.videochat.fragments");
        page.await("idle frames follow", "const p = window.videochatPlayer.turns['" + turn + "'];"
                + "return window.videochat.lastFrame.mediaTime > p.end + 0.5");
        assertEquals(cancelledFragments, page.number("return window.videochat.fragments"),
                "no fragment of the answer follows its cancellation");
        driver.findElement(By.id("mute")).click();
        page.await("the utterance is reported unanswered, with what to configure", "return document"
                + ".getElementById('transcript').textContent.includes('No speech recognizer is configured')");
        page.assertNoErrors();
    }

    @Test
    void aUserWhoRefusesTheMicrophoneStillSeesAndHearsTheAvatarAndIsToldToType() {
        ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "navigator.mediaDevices.getUserMedia = () => "
                        + "Promise.reject(new DOMException('refused', 'NotAllowedError'));"));
        page.open(demo.uri());
        assertTrue(driver.findElement(By.id("notice")).getText().contains("you did not allow the microphone"),
                driver.findElement(By.id("notice")).getText());
        assertTrue(!driver.findElement(By.id("mute")).isDisplayed(), "nothing to mute");
        String turn = ask("You can still type.");
        page.await("the answer's first frame is rendered", WebRtcPage.turnIs(turn, "t.firstFrameAt !== null"));
        page.assertNoErrors();
    }

    @Test
    void aPageWhoseWebRtcFailsFallsBackToMseAndSaysSo() {
        // A browser without WebRTC: the page's connect fails at once, as a blocked or broken one does.
        ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "window.RTCPeerConnection = undefined;"));
        driver.get(demo.uri().toString());
        page.await("the page fell back to MSE", "return window.videochat && window.videochat.transport === 'mse'");
        assertTrue(driver.findElement(By.id("notice")).getText().contains("WebRTC did not connect"),
                driver.findElement(By.id("notice")).getText());
        page.await("the idle video plays", "return window.videochat.frames > 5");
        String turn = ask("Hello over the fallback.");
        page.await("the answer's first frame is rendered", WebRtcPage.turnIs(turn, "t.firstFrameAt !== null"));
        page.assertNoErrors();
    }

    /**
     * Not a test but a measurement, run on request ({@code -Dvideochat.measure=true}): over WebRTC, in the page
     * (requestVideoFrameCallback and the frames' stamped indices), Send to the answer's first rendered frame, Stop
     * to the last rendered frame of speech, the onset of voice in the microphone track to the last rendered frame
     * of the answer talked over, and a question over an answer to the new answer's first frame. Writes
     * {@code target/web-demo/latency-webrtc.txt}; asserts nothing about speed.
     */
    @Test
    @EnabledIfSystemProperty(named = "videochat.measure", matches = "true")
    void measureLatencyOverWebRtc() throws Exception {
        page.open(demo.uri());
        List<Double> firstFrame = new ArrayList<>();
        List<Double> firstSegment = new ArrayList<>();
        for (int i = 1; i <= Integer.getInteger("videochat.measure.turns", 24); i++) {
            String turn = ask("Answer number " + i + ". The weather is fine today.");
            page.await("turn " + i + " is done", WebRtcPage.turnIs(turn, "t.status === 'done' && t.firstFrameAt !== null"));
            firstFrame.add(page.number(WebRtcPage.turnValue(turn, "t.firstFrameAt - t.sentAt")));
            firstSegment.add(page.number(WebRtcPage.turnValue(turn, "t.firstSegmentAt - t.sentAt")));
            awaitIdleAfter(turn);
        }
        List<Double> stopToLastSpeech = new ArrayList<>();
        List<Double> newQuestion = new ArrayList<>();
        List<Double> bargeIn = new ArrayList<>();
        List<Double> bargeInEvent = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String turn = ask(WebDemoBrowserTest.LONG_ANSWER);
            page.awaitPlaying(turn, 1.0);
            driver.findElement(By.id("stop")).click();
            page.await("stop " + i, WebRtcPage.turnIs(turn, "t.status === 'cancelled'"));
            awaitIdleAfter(turn);
            stopToLastSpeech.add(page.number(WebRtcPage.turnValue(turn, "Math.max(0, t.lastSpeechAt - t.stopAt)")));

            String old = ask(WebDemoBrowserTest.LONG_ANSWER);
            page.awaitPlaying(old, 1.0);
            String next = ask("And now for something else, number " + i + ".");
            page.await("new question " + i, WebRtcPage.turnIs(next, "t.status === 'done' && t.firstFrameAt !== null"));
            newQuestion.add(page.number(WebRtcPage.turnValue(next, "t.firstFrameAt - t.sentAt")));
            awaitIdleAfter(next);

            String talkedOver = ask(WebDemoBrowserTest.LONG_ANSWER);
            page.awaitPlaying(talkedOver, 1.0);
            double onsetsBefore = page.number("return window.videochat.micOnsets.length");
            driver.findElement(By.id("mute")).click();
            page.await("barge-in " + i, WebRtcPage.turnIs(talkedOver, "t.status === 'cancelled' && t.bargedInAt !== undefined"));
            awaitIdleAfter(talkedOver);
            driver.findElement(By.id("mute")).click();
            String onset = "window.videochat.micOnsets[" + (int) onsetsBefore + "]";
            bargeIn.add(page.number(WebRtcPage.turnValue(talkedOver, "t.lastSpeechAt - " + onset)));
            bargeInEvent.add(page.number(WebRtcPage.turnValue(talkedOver, "t.bargedInAt - " + onset)));
            page.await("the user is heard to stop", "return window.videochat.voice !== 'speaking'");
        }
        String report = String.join("\n",
                "WebRTC, Chromium " + ((org.openqa.selenium.HasCapabilities) driver).getCapabilities()
                        .getBrowserVersion() + ", " + Runtime.getRuntime().availableProcessors()
                        + " cores, freetts + sprite + ffmpeg, energy VAD",
                line("send -> first rendered frame of the answer", firstFrame),
                line("  page: send -> first segment event", firstSegment),
                line("Stop -> last rendered frame of speech", stopToLastSpeech),
                line("question over an answer -> new answer's first frame", newQuestion),
                line("voice onset in the mic -> last rendered frame of speech", bargeIn),
                line("voice onset in the mic -> page hears of the barge-in", bargeInEvent));
        System.out.println(report);
        Files.writeString(target.resolve("latency-webrtc.txt"), report + "\n");
    }

    private void awaitIdleAfter(String turn) {
        page.await("idle after " + turn, "return window.videochat.phase === 'idle' && window.videochat.lastFrame"
                + ".mediaTime > window.videochatPlayer.turns['" + turn + "'].end + 0.5");
    }

    private static String line(String what, List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        return String.format(java.util.Locale.ROOT, "%-55s n=%2d  p50 %5.0f ms  p90 %5.0f ms  max %5.0f ms", what,
                sorted.size(), rank(sorted, 0.5), rank(sorted, 0.9), sorted.get(sorted.size() - 1));
    }

    private static double rank(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private String ask(String text) {
        Object before = page.js("return window.videochat.currentTurn");
        driver.findElement(By.id("text")).sendKeys(text);
        driver.findElement(By.id("send")).click();
        page.await("the question is accepted", "const c = window.videochat.currentTurn;"
                + "return c !== null && c !== " + (before == null ? "null" : "'" + before + "'")
                + " && window.videochat.turns[c].sentAt !== null");
        return (String) page.js("return window.videochat.currentTurn");
    }

}
