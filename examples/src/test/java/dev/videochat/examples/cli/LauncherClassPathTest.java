package dev.videochat.examples.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class path the {@code videochat} launcher runs with ({@code target/videochat.classpath}, written by this
 * module's pom): what users get, so nothing that only tests need.
 */
class LauncherClassPathTest {

    private static final Path CLASS_PATH_FILE = Path.of("target", "videochat.classpath");

    @Test
    void theLauncherClassPathHoldsNoTestJarsJunitOrSelenium() throws IOException {
        List<String> entries = entries();
        assertTrue(entries.stream().anyMatch(e -> e.contains("videochat-tts")), "the engines are there: " + entries);
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
        for (String spi : List.of("dev.videochat.api.tts.SpeechSynthesizerProvider", "dev.videochat.api.thg.TalkingHeadProvider",
                "dev.videochat.api.media.MuxerProvider", "dev.videochat.api.llm.ChatModelProvider",
                "dev.videochat.api.asr.SpeechRecognizerProvider")) {
            for (String provider : registered(spi)) {
                assertFalse(provider.contains("Test") || provider.contains(".testing."),
                        provider + " is registered for users as a " + spi);
            }
        }
    }

    private static List<String> entries() throws IOException {
        assertTrue(Files.isRegularFile(CLASS_PATH_FILE), CLASS_PATH_FILE.toAbsolutePath()
                + " is written by the build (examples/pom.xml, phase process-classes)");
        return Arrays.stream(Files.readString(CLASS_PATH_FILE).strip().split(java.io.File.pathSeparator))
                .filter(e -> !e.isBlank()).toList();
    }

    /** The provider classes that {@code META-INF/services/<spi>} files on the launcher's class path name. */
    private static List<String> registered(String spi) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of("target", "classes").toUri().toURL());
        for (String entry : entries()) {
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
