package dev.videochat.examples.web;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's headless Chromium driven through Debian's chromedriver: both paths are given, so Selenium downloads
 * nothing. Tests call {@link #assumeInstalled()} first, which skips them when either is missing.
 */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** Held so the level sticks: Selenium warns that it has no DevTools binding for this version, which we never use. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private Chromium() {
    }

    /**
     * Skips a WebRTC browser test on a machine with no network interface but loopback: libwebrtc (webrtc-java 0.14.0)
     * gathers no candidates on loopback, so the page could only fall back to MSE there.
     */
    static void assumeNetworkInterface() {
        boolean found = false;
        try {
            var interfaces = java.net.NetworkInterface.getNetworkInterfaces();
            while (interfaces.hasMoreElements() && !found) {
                var i = interfaces.nextElement();
                found = i.isUp() && !i.isLoopback() && i.getInetAddresses().hasMoreElements();
            }
        } catch (java.net.SocketException e) {
            found = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(found, "skipped: libwebrtc gathers no ICE candidates on "
                + "loopback, and this machine has no other network interface up");
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                "skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing; install them with "
                        + ".ci/setup.d/chromium.sh (Debian's chromium and chromium-driver)");
    }

    /** A fresh headless browser with its own profile folder under {@code profiles}, and {@code extraArguments}. */
    static WebDriver start(Path profiles, String... extraArguments) throws IOException {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        Files.createDirectories(profiles);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--autoplay-policy=no-user-gesture-required", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory(profiles, "chromium-"));
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Polls {@code script} (a function body returning a boolean) every 250 ms until true or {@code max}. */
    static void await(WebDriver driver, Duration max, String what, String script) {
        new WebDriverWait(driver, max, Duration.ofMillis(250)).withMessage(what)
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(script)));
    }
}
