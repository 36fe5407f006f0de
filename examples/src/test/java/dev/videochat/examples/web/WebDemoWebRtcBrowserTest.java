package dev.videochat.examples.web;

import dev.videochat.api.media.MuxerProvider;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.ThgProvider;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.TtsProvider;
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
    private Path target;

    @BeforeEach
    void start() throws Exception {
        Chromium.assumeInstalled();
        Chromium.assumeNetworkInterface();
        for (var provider : Map.of(TtsProvider.class, "freetts", ThgProvider.class, "sprite",
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
        open();
        assertEquals("muted", js("return window.videochat.voice"), "?mic=off starts with the microphone muted");
        String turn = ask("Hello! I come to you over WebRTC.");
        await("the answer's first frame is rendered", turnIs(turn, "t.firstFrameAt !== null"));
        await("the answer is done", turnIs(turn, "t.status === 'done'"));
        await("idle frames follow the answer", "const p = window.videochatPlayer.turns['" + turn + "'];"
                + "return window.videochat.phase === 'idle' && window.videochat.lastFrame.mediaTime > p.end + 0.5");
        assertTrue(number(turnValue(turn, "t.lastSpeechAt")) >= number(turnValue(turn, "t.firstFrameAt")));
        assertNoErrors();
    }

    @Test
    void talkingOverAnAnswerStopsIt() {
        open();
        String turn = ask(WebDemoBrowserTest.LONG_ANSWER);
        awaitPlaying(turn, 1.0);
        driver.findElement(By.id("mute")).click();
        await("the user is heard speaking", "return window.videochat.voiceEvents.some(e => e.kind === 'speechStarted')");
        await("the answer is stopped by barge-in", turnIs(turn, "t.status === 'cancelled'"
                + " && window.videochat.bargedIn.includes('" + turn + "')"));
        await("the page says so", "return document.getElementById('transcript').textContent"
                + ".includes('you talked over it')");
        double cancelledFragments = number("return window.videochat.fragments");
        await("idle frames follow", "const p = window.videochatPlayer.turns['" + turn + "'];"
                + "return window.videochat.lastFrame.mediaTime > p.end + 0.5");
        assertEquals(cancelledFragments, number("return window.videochat.fragments"),
                "no fragment of the answer follows its cancellation");
        driver.findElement(By.id("mute")).click();
        await("the utterance is reported unanswered, with what to configure", "return document"
                + ".getElementById('transcript').textContent.includes('No speech recognizer is configured')");
        assertNoErrors();
    }

    @Test
    void aUserWhoRefusesTheMicrophoneStillSeesAndHearsTheAvatarAndIsToldToType() {
        ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "navigator.mediaDevices.getUserMedia = () => "
                        + "Promise.reject(new DOMException('refused', 'NotAllowedError'));"));
        open();
        assertTrue(driver.findElement(By.id("notice")).getText().contains("you did not allow the microphone"),
                driver.findElement(By.id("notice")).getText());
        assertTrue(!driver.findElement(By.id("mute")).isDisplayed(), "nothing to mute");
        String turn = ask("You can still type.");
        await("the answer's first frame is rendered", turnIs(turn, "t.firstFrameAt !== null"));
        assertNoErrors();
    }

    @Test
    void aPageWhoseWebRtcFailsFallsBackToMseAndSaysSo() {
        // A browser without WebRTC: the page's connect fails at once, as a blocked or broken one does.
        ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "window.RTCPeerConnection = undefined;"));
        driver.get(demo.uri().toString());
        await("the page fell back to MSE", "return window.videochat && window.videochat.transport === 'mse'");
        assertTrue(driver.findElement(By.id("notice")).getText().contains("WebRTC did not connect"),
                driver.findElement(By.id("notice")).getText());
        await("the idle video plays", "return window.videochat.frames > 5");
        String turn = ask("Hello over the fallback.");
        await("the answer's first frame is rendered", turnIs(turn, "t.firstFrameAt !== null"));
        assertNoErrors();
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
        open();
        List<Double> firstFrame = new ArrayList<>();
        List<Double> firstSegment = new ArrayList<>();
        for (int i = 1; i <= Integer.getInteger("videochat.measure.turns", 24); i++) {
            String turn = ask("Answer number " + i + ". The weather is fine today.");
            await("turn " + i + " is done", turnIs(turn, "t.status === 'done' && t.firstFrameAt !== null"));
            firstFrame.add(number(turnValue(turn, "t.firstFrameAt - t.sentAt")));
            firstSegment.add(number(turnValue(turn, "t.firstSegmentAt - t.sentAt")));
            awaitIdleAfter(turn);
        }
        List<Double> stopToLastSpeech = new ArrayList<>();
        List<Double> newQuestion = new ArrayList<>();
        List<Double> bargeIn = new ArrayList<>();
        List<Double> bargeInEvent = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String turn = ask(WebDemoBrowserTest.LONG_ANSWER);
            awaitPlaying(turn, 1.0);
            driver.findElement(By.id("stop")).click();
            await("stop " + i, turnIs(turn, "t.status === 'cancelled'"));
            awaitIdleAfter(turn);
            stopToLastSpeech.add(number(turnValue(turn, "Math.max(0, t.lastSpeechAt - t.stopAt)")));

            String old = ask(WebDemoBrowserTest.LONG_ANSWER);
            awaitPlaying(old, 1.0);
            String next = ask("And now for something else, number " + i + ".");
            await("new question " + i, turnIs(next, "t.status === 'done' && t.firstFrameAt !== null"));
            newQuestion.add(number(turnValue(next, "t.firstFrameAt - t.sentAt")));
            awaitIdleAfter(next);

            String talkedOver = ask(WebDemoBrowserTest.LONG_ANSWER);
            awaitPlaying(talkedOver, 1.0);
            double onsetsBefore = number("return window.videochat.micOnsets.length");
            driver.findElement(By.id("mute")).click();
            await("barge-in " + i, turnIs(talkedOver, "t.status === 'cancelled' && t.bargedInAt !== undefined"));
            awaitIdleAfter(talkedOver);
            driver.findElement(By.id("mute")).click();
            String onset = "window.videochat.micOnsets[" + (int) onsetsBefore + "]";
            bargeIn.add(number(turnValue(talkedOver, "t.lastSpeechAt - " + onset)));
            bargeInEvent.add(number(turnValue(talkedOver, "t.bargedInAt - " + onset)));
            await("the user is heard to stop", "return window.videochat.voice !== 'speaking'");
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
        await("idle after " + turn, "return window.videochat.phase === 'idle' && window.videochat.lastFrame"
                + ".mediaTime > window.videochatPlayer.turns['" + turn + "'].end + 0.5");
    }

    private void awaitPlaying(String turn, double seconds) {
        await("turn " + turn + " plays", turnIs(turn, "t.firstFrameAt !== null && window.videochat.lastFrame.mediaTime"
                + " > window.videochatPlayer.turns['" + turn + "'].start + " + seconds));
    }

    private static String line(String what, List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        return String.format(java.util.Locale.ROOT, "%-55s n=%2d  p50 %5.0f ms  p90 %5.0f ms  max %5.0f ms", what,
                sorted.size(), rank(sorted, 0.5), rank(sorted, 0.9), sorted.get(sorted.size() - 1));
    }

    private static double rank(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private void open() {
        driver.get(demo.uri() + "?mic=off");
        await("the page connected over WebRTC", "return window.videochat && window.videochat.transport === 'webrtc'");
        await("stamped idle frames are rendered", "return window.videochat.frames > 5"
                + " && window.videochat.lastFrame.mediaTime !== null");
    }

    private String ask(String text) {
        Object before = js("return window.videochat.currentTurn");
        driver.findElement(By.id("text")).sendKeys(text);
        driver.findElement(By.id("send")).click();
        await("the question is accepted", "const c = window.videochat.currentTurn;"
                + "return c !== null && c !== " + (before == null ? "null" : "'" + before + "'")
                + " && window.videochat.turns[c].sentAt !== null");
        return (String) js("return window.videochat.currentTurn");
    }

    private static String turnIs(String turn, String condition) {
        return "const t = window.videochat.turns['" + turn + "']; return !!t && " + condition;
    }

    private static String turnValue(String turn, String expression) {
        return "const t = window.videochat.turns['" + turn + "']; return " + expression;
    }

    private void assertNoErrors() {
        assertEquals("[]", js("return JSON.stringify(window.videochat.errors)"), "the page showed errors");
    }

    private Object js(String script) {
        return Chromium.js(driver, script);
    }

    private double number(String script) {
        return ((Number) js(script)).doubleValue();
    }

    private void await(String what, String script) {
        try {
            Chromium.await(driver, SLOW, what, script);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(what + "; the page: " + js("const v = window.videochat; return JSON.stringify({"
                    + "frames: v.frames, lastFrame: v.lastFrame, phase: v.phase, current: v.currentTurn, voice: v.voice,"
                    + "turns: Object.fromEntries(v.watching.map(id => [id, {status: v.turns[id].status,"
                    + "first: v.turns[id].firstFrameAt, player: window.videochatPlayer.turns[id]}]))})"), e);
        }
    }
}
