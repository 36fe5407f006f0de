package dev.videochat.examples.web;

import dev.videochat.api.media.MuxerProvider;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.provider.Providers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web demo's MSE fallback ({@code ?transport=mse}) as a user meets it: Debian's headless Chromium opens the page, watches the avatar idle, types text
 * and watches the answer play as it streams, stops an answer, and talks over one. The page notes each rendered
 * frame (requestVideoFrameCallback), so the tests check what was shown and in which order, never how fast. Runs on
 * the embedded defaults (freetts, sprite, ffmpeg); skips when the browser or one of those engines is absent.
 */
class WebDemoBrowserTest {

    private static final Duration SLOW = Duration.ofSeconds(120);
    /** A minute or more of speech, so that it is still playing when it is stopped or talked over. */
    static final String LONG_ANSWER = "This is a much longer answer. "
            + "It goes on sentence after sentence, so that there is time to stop it. ".repeat(12);

    // Set up per test rather than per class, so that a skip is reported with its reason.
    private VideoChatEngine engine;
    private WebDemo demo;
    private WebDriver driver;
    private Path target;

    @BeforeEach
    void start() throws Exception {
        Chromium.assumeInstalled();
        for (var provider : Map.of(SpeechSynthesizerProvider.class, "freetts", TalkingHeadProvider.class, "sprite",
                MuxerProvider.class, "ffmpeg").entrySet()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            boolean present = Providers.find((Class) provider.getKey(), provider.getValue()).isPresent();
            Assumptions.assumeTrue(present, "skipped: the '" + provider.getValue() + "' engine ("
                    + provider.getKey().getSimpleName() + ") is not on the class path");
        }
        target = Path.of("target", "web-demo").toAbsolutePath();
        Files.createDirectories(target);
        SpeechSynthesizer tts = Providers.synthesizer("freetts", Map.of());
        TalkingHead thg = Providers.talkingHead("sprite", Map.of());
        Map<String, String> mux = new HashMap<>(WebDemo.MUXER_SETTINGS);
        mux.put("output-dir", target.resolve("out").toString());
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg)
                .muxer(Providers.muxer("ffmpeg", mux)).build();
        demo = WebDemo.builder(new DemoEngines(engine, thg.avatars(), tts.voices(), false, false)).port(0).start();
        driver = Chromium.start(target.resolve("profile"));
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
    void typedTextPlaysAsStreamingVideoWithItsLatencyTableAndWaterfall() throws Exception {
        driver.get(demo.uri() + "?transport=mse");
        await("the page opened a session", "return window.videochat && window.videochat.sid !== null");
        assertTrue(text("#notice").contains("No language model is configured"), text("#notice"));
        // The session is live: the avatar idles before anything is said.
        await("the idle video plays", "const v = document.getElementById('video');"
                + "return v.readyState >= 2 && v.currentTime > 0.3 && v.videoWidth > 0 && v.videoHeight > 0");

        String turn = ask("Hello! I am your digital human, drawn and voiced inside the JVM.");
        await("the answer's first frame is rendered", turnIs(turn, "t.firstFrameAt !== null"));
        await("the answer is done", turnIs(turn, "t.status === 'done'"));
        await("the latency table is shown", "return !document.getElementById('latency').hidden"
                + " && document.querySelector(\".latency-table[data-turn='" + turn + "']\") !== null");
        double packets = number("return document.querySelectorAll(\".latency-table[data-turn='" + turn
                + "'] tbody tr\").length");
        assertTrue(packets >= 1);
        assertEquals(packets, number("return document.querySelectorAll(\"svg.waterfall[data-turn='" + turn
                + "'] g.packet\").length"), "one waterfall row per packet");
        assertEquals(4 * packets, number("return document.querySelectorAll(\"svg.waterfall[data-turn='" + turn
                + "'] g.packet rect\").length"), "a bar per stage (LLM, TTS, THG, mux) in each row");
        // The answer ends in idle frames, which go on playing: no frozen frame at its end.
        await("idle frames follow the answer", "const p = window.videochatPlayer.turns['" + turn + "'];"
                + "return window.videochat.phase === 'idle' && window.videochat.lastFrame.mediaTime > p.end + 0.5");
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve("web-demo.png"), StandardCopyOption.REPLACE_EXISTING);
        js("document.getElementById('latency').scrollIntoView()");
        shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve("web-demo-latency.png"), StandardCopyOption.REPLACE_EXISTING);
        assertNoErrors();
    }

    @Test
    void stopDuringPlaybackCutsTheAnswerOffAndIdleFramesFollow() {
        open();
        String turn = ask(LONG_ANSWER);
        awaitPlaying(turn, 0.5);
        driver.findElement(By.id("stop")).click();
        await("the answer is cancelled and the page is idle", turnIs(turn, "t.status === 'cancelled'"
                + " && window.videochat.phase === 'idle'"));
        double fragmentsAtCancel = number("return window.videochat.fragments");
        await("an idle frame after the answer's end is rendered", turnIs(turn, "t.idleAt !== null"));
        double idleFrame = number("return window.videochat.lastFrame.mediaTime");
        await("the idle frames go on playing", "return window.videochat.lastFrame.mediaTime > " + (idleFrame + 0.5));

        assertEquals(0, number(turnValue(turn, "t.speechAfterCut")),
                "no frame of the answer beyond the point where it was cut off is rendered after Stop");
        assertTrue(number(turnValue(turn, "t.lastSpeechAt")) <= number(turnValue(turn, "t.idleAt")),
                "the last frame of speech comes before the first idle frame");
        assertEquals(fragmentsAtCancel, number("return window.videochat.fragments"),
                "no fragment of the answer arrives after it was cancelled");
        await("the stopped turn's latency table is shown",
                "return document.querySelector(\".latency-table[data-turn='" + turn + "']\") !== null");
        assertNoErrors();
    }

    @Test
    void aNewQuestionWhileAnsweringReplacesTheOldAnswer() {
        open();
        String old = ask(LONG_ANSWER);
        awaitPlaying(old, 0.5);
        String next = ask("Then tell me something else.");
        assertNotEquals(old, next);
        await("the new answer's first frame is rendered", turnIs(next, "t.firstFrameAt !== null"));
        await("the old answer is cancelled", turnIs(old, "t.status === 'cancelled'"));

        // The old answer would have gone on for its whole text; no voice reads 30 characters a second.
        double scheduledEnd = number(turnValue(old, "t.firstFrameAt")) + 1000.0 * LONG_ANSWER.length() / 30;
        assertTrue(number(turnValue(next, "t.firstFrameAt")) < scheduledEnd,
                "the new answer is shown before the old one would have ended");
        assertEquals(0, number(turnValue(old, "t.speechAfterCut")),
                "no frame of the old answer beyond the point where it was cut off is rendered");
        assertTrue(number(turnValue(old, "t.lastSpeechAt")) <= number(turnValue(next, "t.firstFrameAt")),
                "the old answer's frames all come before the new answer's first");
        // Times come as milliseconds and a turn's end is a sum of them in floating point (10.1 + 0.2 can exceed
        // 10.3), so "follows" allows less than half a millisecond.
        double oldEnd = number("return window.videochatPlayer.turns['" + old + "'].end");
        double nextStart = number("return window.videochatPlayer.turns['" + next + "'].start");
        assertTrue(nextStart > oldEnd - 0.0005, () -> "the new answer (from " + nextStart
                + " s) follows the old one (to " + oldEnd + " s): "
                + js("return JSON.stringify(window.videochatPlayer.turns)"));
        assertNoErrors();
    }

    /**
     * Not a test but a measurement, run on request ({@code -Dvideochat.measure=true}): in the page, with
     * requestVideoFrameCallback, the time from pressing Send to the answer's first rendered frame, from Stop to the
     * last rendered frame of speech and to the first idle frame, and from a question sent over an answer to the new
     * answer's first frame. Writes {@code target/web-demo/latency.txt}; asserts nothing about speed.
     */
    @Test
    @EnabledIfSystemProperty(named = "videochat.measure", matches = "true")
    void measureLatencyAtThePage() throws Exception {
        open();
        List<Double> firstFrame = new ArrayList<>();
        List<Double> serverFirstPacket = new ArrayList<>();
        List<Double> firstSegment = new ArrayList<>();
        List<Double> ahead = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            String turn = ask("Answer number " + i + ". The weather is fine today.");
            await("turn " + i + " is done", turnIs(turn, "t.status === 'done' && t.firstFrameAt !== null"));
            firstFrame.add(number(turnValue(turn, "t.firstFrameAt - t.sentAt")));
            serverFirstPacket.add(1000 * number(turnValue(turn, "t.firstPacketLatency || 0")));
            firstSegment.add(number(turnValue(turn, "t.firstSegmentAt - t.sentAt")));
            await("idle after turn " + i, "return window.videochat.phase === 'idle' && window.videochat.lastFrame"
                    + ".mediaTime > window.videochatPlayer.turns['" + turn + "'].end + 0.5");
            ahead.add(1000 * number("return window.videochatPlayer.ahead()"));
        }
        List<Double> stopToLastSpeech = new ArrayList<>();
        List<Double> stopToIdle = new ArrayList<>();
        List<Double> bargeIn = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String turn = ask(LONG_ANSWER);
            awaitPlaying(turn, 1.0);
            driver.findElement(By.id("stop")).click();
            await("stop " + i, turnIs(turn, "t.status === 'cancelled' && t.idleAt !== null"));
            stopToLastSpeech.add(number(turnValue(turn, "Math.max(0, t.lastSpeechAt - t.stopAt)")));
            stopToIdle.add(number(turnValue(turn, "t.idleAt - t.stopAt")));

            String old = ask(LONG_ANSWER);
            awaitPlaying(old, 1.0);
            String next = ask("And now for something else, number " + i + ".");
            await("barge-in " + i, turnIs(next, "t.status === 'done' && t.firstFrameAt !== null"));
            bargeIn.add(number(turnValue(next, "t.firstFrameAt - t.sentAt")));
        }
        String report = String.join("\n",
                "Chromium " + ((org.openqa.selenium.HasCapabilities) driver).getCapabilities().getBrowserVersion()
                        + ", " + Runtime.getRuntime().availableProcessors() + " cores, freetts + sprite + ffmpeg",
                line("send -> first rendered frame of the answer", firstFrame),
                line("  server: turn start -> first segment cut", serverFirstPacket),
                line("  page: send -> first segment event", firstSegment),
                line("Stop -> last rendered frame of speech", stopToLastSpeech),
                line("Stop -> first rendered idle frame", stopToIdle),
                line("question over an answer -> new answer's first frame", bargeIn),
                line("idle: media buffered beyond the playhead", ahead));
        System.out.println(report);
        Files.writeString(target.resolve("latency.txt"), report + "\n");
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

    /** The nearest-rank percentile {@code p} of {@code sorted}. */
    private static double rank(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private void open() {
        driver.get(demo.uri() + "?transport=mse");
        await("the page opened a session", "return window.videochat && window.videochat.sid !== null");
        await("the idle video plays", "return window.videochat.frames > 5");
    }

    /** Types {@code text}, sends it, and returns the id of the turn that answers it. */
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

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private Object js(String script) {
        return Chromium.js(driver, script);
    }

    private double number(String script) {
        return ((Number) js(script)).doubleValue();
    }

    private void await(String what, String script) {
        Chromium.await(driver, SLOW, what, script);
    }
}
