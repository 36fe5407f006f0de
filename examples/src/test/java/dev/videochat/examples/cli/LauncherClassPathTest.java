package dev.videochat.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class path the {@code videochat} launcher runs with ({@code target/videochat.classpath}, written by this
 * module's pom from its runtime scope): what users get, so nothing that only tests need.
 */
class LauncherClassPathTest {

    /** Every stage's service type: what a name in the settings is looked up among. */
    private static final List<String> SPIS = List.of("dev.videochat.api.tts.SpeechSynthesizerProvider",
            "dev.videochat.api.thg.TalkingHeadProvider", "dev.videochat.api.media.MuxerProvider",
            "dev.videochat.api.llm.ChatModelProvider", "dev.videochat.api.asr.SpeechRecognizerProvider",
            "dev.videochat.api.s2s.SpeechToSpeechModelProvider", "dev.videochat.api.vad.VoiceActivityDetectorProvider");

    @TempDir
    Path dir;

    @Test
    void theLauncherClassPathHoldsNoTestJarsJunitOrSelenium() throws IOException {
        List<String> entries = LauncherProcess.classPath();
        assertTrue(entries.stream().anyMatch(e -> e.contains("videochat-tts")), "the engines are there: " + entries);
        assertTrue(entries.stream().anyMatch(e -> e.contains("picocli")), "the command line's parser: " + entries);
        List<String> testOnly = entries.stream()
                .filter(e -> e.endsWith("-tests.jar") || e.contains("junit") || e.contains("opentest4j")
                        || e.contains("selenium") || e.contains("test-classes"))
                .toList();
        assertEquals(List.of(), testOnly, "test-only entries on the launcher's class path");
    }

    @Test
    void noProviderThatTestsRegisterIsDiscoverableByUsers() throws IOException {
        List<String> tts = registered("dev.videochat.api.tts.SpeechSynthesizerProvider");
        assertTrue(tts.contains("dev.videochat.tts.freetts.FreeTtsProvider"), "the default voice is found: " + tts);
        for (String spi : SPIS) {
            for (String provider : registered(spi)) {
                assertFalse(provider.contains("Test") || provider.contains(".testing."),
                        provider + " is registered for users as a " + spi);
            }
        }
    }

    @Test
    void theProvidersUsersAreShownLeaveOutTheOnesTestsRegister() throws Exception {
        // On the tests' class path, core's test jar registers a "tone" voice: the listing shows it there ...
        CliRun tests = new CliRun();
        assertEquals(0, tests.run(Map.of(), "providers"), tests.printed());
        assertTrue(engineNames(tests.out()).contains("tone"), "the test class path's engines: " + tests.out());

        // ... and on the launcher's class path, what users run, it does not.
        LauncherProcess.Result users = LauncherProcess.run(dir, Map.of(), "", "providers");
        assertEquals(0, users.status(), users.printed());
        List<String> names = engineNames(users.printed());
        assertTrue(names.containsAll(List.of("freetts", "offline", "sprite", "ffmpeg", "energy")), users.printed());
        assertFalse(names.contains("tone"), "a test-only engine listed to users:\n" + users.printed());
    }

    @Test
    void anUnknownEngineNamesOnlyTheEnginesUsersHave() throws Exception {
        LauncherProcess.Result run = LauncherProcess.run(dir, Map.of("VIDEOCHAT_TTS", "nope"), "", "speak", "Hi.");
        assertEquals(2, run.status(), run.printed());
        assertTrue(run.printed().contains("no TTS provider named 'nope'") && run.printed().contains("freetts"),
                run.printed());
        assertFalse(run.printed().contains("tone"), "a test-only engine offered to users: " + run.printed());
    }

    /** The engine names of a {@code videochat providers} listing: the first word of each indented line. */
    private static List<String> engineNames(String listing) {
        return listing.lines().filter(l -> l.startsWith("  ")).map(l -> l.strip().split("\\s+")[0]).toList();
    }

    /** The provider classes that {@code META-INF/services/<spi>} files on the launcher's class path name. */
    private static List<String> registered(String spi) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of("target", "classes").toUri().toURL());
        for (String entry : LauncherProcess.classPath()) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        List<String> providers = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
            for (URL file : Collections.list(loader.getResources("META-INF/services/" + spi))) {
                try (InputStream in = file.openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .map(l -> l.replaceAll("#.*", "").strip())
                            .filter(l -> !l.isEmpty())
                            .forEach(providers::add);
                }
            }
        }
        return providers;
    }
}
