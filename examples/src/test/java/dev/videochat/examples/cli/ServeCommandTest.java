package dev.videochat.examples.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code videochat serve}'s bad paths: each ends with one line saying what to set, and exit status 2. */
class ServeCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void clearSettings() {
        System.clearProperty("videochat.tts");
        System.clearProperty("videochat.llm");
    }

    private int serve(Map<String, String> env, String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "serve";
        System.arraycopy(flags, 0, args, 1, flags.length);
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errorLine() {
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, text.lines().count(), "one line, not a stack trace: " + text);
        return text;
    }

    @Test
    void anUnknownEngineNameListsTheKnownOnes() {
        assertEquals(2, serve(Map.of("VIDEOCHAT_TTS", "nope"), "--port", "0"));
        String line = errorLine();
        assertTrue(line.contains("no TTS provider named 'nope'") && line.contains("known: "), line);
    }

    @Test
    void aLanguageModelWithoutItsApiKeySaysWhichVariableToSet() {
        // The key variable is renamed to one that is surely unset, whatever the machine's environment holds.
        assertEquals(2, serve(Map.of("VIDEOCHAT_LLM", "openai",
                "VIDEOCHAT_LLM_API_KEY_ENV", "VIDEOCHAT_TEST_UNSET_KEY_7F3A"), "--port", "0"));
        String line = errorLine();
        assertTrue(line.contains("VIDEOCHAT_TEST_UNSET_KEY_7F3A"), line);
    }

    @Test
    void aPortThatIsNotANumberIsRefused() {
        assertEquals(2, serve(Map.of(), "--port", "eighty"));
        String line = errorLine();
        assertTrue(line.contains("option '--port': 'eighty' is not a whole number"), line);
    }

    @Test
    void anUnknownFlagIsRefusedNamingItAndWhereTheFlagsAreExplained() {
        assertEquals(2, serve(Map.of(), "--colour", "blue"));
        String line = errorLine();
        assertTrue(line.contains("Unknown options: '--colour', 'blue'")
                && line.endsWith("see 'videochat serve --help'"), line);
    }

    @Test
    void anOriginWithAPathIsRefused() {
        assertEquals(2, serve(Map.of(), "--port", "0", "--allow-origin", "http://example.com/page"));
        assertTrue(errorLine().contains("an origin is scheme://host[:port] with no path"));
    }

    @Test
    void anUnknownMetricsKindIsRefusedBeforeAnEngineStarts() {
        assertEquals(2, serve(Map.of("VIDEOCHAT_METRICS", "graphite"), "--port", "0"));
        String line = errorLine();
        assertTrue(line.contains("--metrics (VIDEOCHAT_METRICS) is prometheus or none, got 'graphite'"), line);
    }

    @Test
    void helpListsServe() {
        assertEquals(0, Main.run(new String[] {"help"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.lines().anyMatch(l -> l.startsWith("  serve ")), help);
    }

    @Test
    void serveHelpExplainsItsFlags() {
        assertEquals(0, serve(Map.of(), "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: videochat serve "), help);
        for (String flag : new String[] {"--host=ADDR", "--port=N", "--allow-origin=ORIGIN",
                "--metrics=KIND"}) {
            assertTrue(help.contains(flag), flag + " in " + help);
        }
    }
}
