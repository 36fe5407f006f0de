package dev.videochat.examples.web;

import dev.videochat.api.media.MuxerProvider;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.ThgProvider;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.TtsProvider;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.provider.Providers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web demo as a user meets it: Debian's headless Chromium opens the page, types text, watches the avatar's
 * video play as it streams, and stops a second answer. Runs on the embedded defaults (freetts, sprite, ffmpeg);
 * skips when the browser or one of those engines is absent.
 */
class WebDemoBrowserTest {

    private static final Duration SLOW = Duration.ofSeconds(120);

    // Set up per test (there is one) rather than per class, so that a skip is reported with its reason.
    private VideoChatEngine engine;
    private WebDemo demo;
    private WebDriver driver;
    private Path target;

    @BeforeEach
    void start() throws Exception {
        Chromium.assumeInstalled();
        for (var provider : Map.of(TtsProvider.class, "freetts", ThgProvider.class, "sprite",
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
    void typedTextPlaysAsStreamingVideoAndStopEndsTheSecondAnswer() throws Exception {
        driver.get(demo.uri().toString());
        await("the page opened a session", "return window.videochat && window.videochat.sid !== null");
        assertTrue(text("#notice").contains("No language model is configured"), text("#notice"));

        say("Hello! I am your digital human, drawn and voiced inside the JVM.");
        await("the video plays", "const v = document.getElementById('video');"
                + "return v.readyState >= 2 && v.currentTime > 0.3 && v.videoWidth > 0 && v.videoHeight > 0");
        double t1 = number("return document.getElementById('video').currentTime");
        await("the video's time advances", "return document.getElementById('video').currentTime > " + (t1 + 0.3));
        await("the latency table is shown", "return document.querySelectorAll('.latency-table').length >= 1"
                + " && !document.getElementById('latency').hidden");
        assertTrue(number("return document.getElementById('video').videoWidth") > 0);
        assertTrue(number("return document.getElementById('video').videoHeight") > 0);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve("web-demo.png"), StandardCopyOption.REPLACE_EXISTING);

        double fragmentsBefore = number("return window.videochat.fragments");
        say("This is a much longer answer. " + "It goes on sentence after sentence, so that there is time to stop it. "
                .repeat(12));
        await("the second answer starts to arrive", "return window.videochat.fragments > " + fragmentsBefore
                + " && window.videochat.currentTurn !== null");
        String second = (String) js("return window.videochat.currentTurn");
        driver.findElement(By.id("stop")).click();
        double bufferedAtStop = number("const b = document.getElementById('video').buffered;"
                + "return b.length ? b.end(b.length - 1) : 0");
        await("the second answer is cancelled", "const t = window.videochat.turns['" + second + "'];"
                + "return t && t.status === 'cancelled'");
        double fragmentsAtCancel = number("return window.videochat.fragments");
        // Playback settles: the played time stops growing once the buffer that was there runs out.
        await("playback stops", "const v = document.getElementById('video');"
                + "const s = window.__last; window.__last = v.currentTime; return s === v.currentTime");
        double played = number("return document.getElementById('video').currentTime");
        // Cancelling closes the segment in progress cleanly (the media already made for it, padded so audio and
        // video end together), so at most that remainder may follow what was buffered at the click.
        assertTrue(played <= bufferedAtStop + 1.0, "played " + played + " s, beyond " + bufferedAtStop
                + " s buffered when stop was pressed");
        assertEquals(fragmentsAtCancel, number("return window.videochat.fragments"),
                "no fragment arrives after the turn was cancelled");
        await("the stopped turn's latency table is shown",
                "return document.querySelector(\".latency-table[data-turn='" + second + "']\") !== null");
        assertTrue(((String) js("return JSON.stringify(window.videochat.errors)")).equals("[]"),
                "the page showed errors: " + js("return JSON.stringify(window.videochat.errors)"));
    }

    private void say(String text) {
        driver.findElement(By.id("text")).sendKeys(text);
        driver.findElement(By.id("send")).click();
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
