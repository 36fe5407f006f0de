package dev.videochat.examples.web;

import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page's own logic in headless Chromium, on simulated engines (their media is not playable, so this checks
 * everything but the video): session, notice, pickers, transcript and latency tables, two tabs apart, a tab
 * beyond the server's limit and a server that goes away.
 */
class WebPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private VideoChatEngine engine;
    private DemoEngines engines;
    private WebDemo demo;
    private WebDriver driver;

    @BeforeEach
    void start() throws Exception {
        Chromium.assumeInstalled();
        StageLog log = new StageLog();
        SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
        SimulatedTalkingHead thg = new SimulatedTalkingHead(16, 25, Duration.ZERO, log);
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg).muxer(new FakeFmp4Muxer()).build();
        engines = new DemoEngines(engine, thg.avatars(), tts.voices(), false, false);
        demo = WebDemo.builder(engines).port(0).start();
        driver = Chromium.start(Path.of("target", "web-page").toAbsolutePath());
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
    void typedTextShowsInTheTranscriptWithItsLatencyTable() {
        driver.get(demo.uri().toString());
        Chromium.await(driver, WAIT, "a session", "return window.videochat && window.videochat.sid !== null");
        assertTrue(driver.findElement(By.id("notice")).getText().contains("No language model is configured"));
        assertEquals("grey", driver.findElement(By.id("avatar")).getAttribute("value"));
        assertEquals("tone", driver.findElement(By.id("voice")).getAttribute("value"));

        driver.findElement(By.id("text")).sendKeys("Hello there. This is spoken as typed.");
        driver.findElement(By.id("send")).click();
        Chromium.await(driver, WAIT, "the latency table", "return document.querySelectorAll('.latency-table tbody tr')"
                + ".length >= 1");
        String transcript = driver.findElement(By.id("transcript")).getText();
        assertTrue(transcript.contains("Hello there. This is spoken as typed."), transcript);
        assertTrue(driver.findElement(By.id("latency")).getText().contains("first-packet latency"));
    }

    @Test
    void aTabBeyondTheServersLimitIsToldSo() throws Exception {
        demo.close();
        demo = WebDemo.builder(engines).port(0).maxSessions(1).start();
        driver.get(demo.uri().toString());
        Chromium.await(driver, WAIT, "a session", "return window.videochat && window.videochat.sid !== null");
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver.get(demo.uri().toString());
        Chromium.await(driver, WAIT, "the page says the server is full",
                "return window.videochat && window.videochat.connection === 'full'");
        String status = driver.findElement(By.id("status")).getText();
        assertTrue(status.contains("limit of open tabs") && status.contains("close another tab"), status);
        assertEquals(1, demo.openSessions());
    }

    @Test
    void thePageSaysSoWhenTheServerGoesAway() {
        driver.get(demo.uri().toString());
        Chromium.await(driver, WAIT, "a session", "return window.videochat && window.videochat.connection === 'open'");
        demo.close();
        Chromium.await(driver, WAIT, "the page noticed", "return window.videochat.connection === 'gone'");
        String status = driver.findElement(By.id("status")).getText();
        assertTrue(status.contains("The server has gone away") && status.contains("Reload the page"), status);
    }

    @Test
    void twoTabsHaveTwoSessions() {
        driver.get(demo.uri().toString());
        Chromium.await(driver, WAIT, "a session", "return window.videochat && window.videochat.sid !== null");
        String first = (String) Chromium.js(driver, "return window.videochat.sid");
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver.get(demo.uri().toString());
        Chromium.await(driver, WAIT, "a second session", "return window.videochat && window.videochat.sid !== null");
        String second = (String) Chromium.js(driver, "return window.videochat.sid");
        assertTrue(!first.equals(second), first + " vs " + second);
        assertEquals(2, demo.openSessions());
    }
}
