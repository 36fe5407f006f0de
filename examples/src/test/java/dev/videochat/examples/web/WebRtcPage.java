package dev.videochat.examples.web;

import org.openqa.selenium.WebDriver;

import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo page in Chromium over WebRTC, as the browser tests drive and read it. */
final class WebRtcPage {

    private final WebDriver driver;
    private final Duration slow;

    WebRtcPage(WebDriver driver, Duration slow) {
        this.driver = driver;
        this.slow = slow;
    }

    /** Opens the page with the microphone muted and waits for stamped idle frames over WebRTC. */
    void open(URI demo) {
        driver.get(demo + "?mic=off");
        await("the page connected over WebRTC", "return window.videochat && window.videochat.transport === 'webrtc'");
        await("stamped idle frames are rendered", "return window.videochat.frames > 5"
                + " && window.videochat.lastFrame.mediaTime !== null");
    }

    void awaitPlaying(String turn, double seconds) {
        await("turn " + turn + " plays", turnIs(turn, "t.firstFrameAt !== null && window.videochat.lastFrame.mediaTime"
                + " > window.videochatPlayer.turns['" + turn + "'].start + " + seconds));
    }

    static String turnIs(String turn, String condition) {
        return "const t = window.videochat.turns['" + turn + "']; return !!t && " + condition;
    }

    static String turnValue(String turn, String expression) {
        return "const t = window.videochat.turns['" + turn + "']; return " + expression;
    }

    void assertNoErrors() {
        assertEquals("[]", js("return JSON.stringify(window.videochat.errors)"), "the page showed errors");
    }

    Object js(String script) {
        return Chromium.js(driver, script);
    }

    double number(String script) {
        return ((Number) js(script)).doubleValue();
    }

    /** Waits for {@code script} to return true; on a timeout the error shows the page's state. */
    void await(String what, String script) {
        try {
            Chromium.await(driver, slow, what, script);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(what + "; the page: " + js("const v = window.videochat; return JSON.stringify({"
                    + "frames: v.frames, lastFrame: v.lastFrame, phase: v.phase, current: v.currentTurn, voice: v.voice,"
                    + "turns: Object.fromEntries(v.watching.map(id => [id, {status: v.turns[id].status,"
                    + "first: v.turns[id].firstFrameAt, player: window.videochatPlayer.turns[id]}]))})"), e);
        }
    }
}
