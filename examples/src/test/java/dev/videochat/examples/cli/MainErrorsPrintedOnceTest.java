package dev.videochat.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The command line as users run it, in a JVM of its own on the launcher's class path: whatever the logging says
 * as well, each error reaches the terminal once.
 */
class MainErrorsPrintedOnceTest {

    @TempDir
    Path dir;

    /** Runs {@code videochat args} with {@code env} added and {@code stdin}; returns stdout and stderr together. */
    private String videochat(Map<String, String> env, String stdin, String... args) throws Exception {
        return LauncherProcess.run(dir, env, stdin, args).printed();
    }

    private static long linesContaining(String printed, String text) {
        return printed.lines().filter(l -> l.contains(text)).count();
    }

    @Test
    void aTurnThatFailsIsReportedOnceNotAlsoAsAWarning() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String printed = videochat(Map.of("VIDEOCHAT_LLM", "openai-compatible",
                        "VIDEOCHAT_LLM_BASE_URL", "http://127.0.0.1:" + closedPort + "/v1",
                        "VIDEOCHAT_LLM_MODEL", "local-model", "VIDEOCHAT_LLM_MAX_RETRIES", "0"),
                "Are you there?\n\n", "chat");
        assertEquals(1, linesContaining(printed, "could not connect"), printed);
        assertEquals(1, linesContaining(printed, "error: [LLM/openai-compatible] could not connect"), printed);
        assertEquals(0, linesContaining(printed, "WARN"), printed);
    }

    @Test
    void aConfigurationErrorIsReportedOnce() throws Exception {
        String printed = videochat(Map.of("VIDEOCHAT_VOICE", "nosuch"), "", "speak", "Hi.");
        assertEquals(1, linesContaining(printed, "nosuch"), printed);
    }

    @Test
    void aServerOnThisMachineNeedsNoKeyWithTheOpenAiProvider() throws IOException, Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String printed = videochat(Map.of("VIDEOCHAT_LLM", "openai",
                        "VIDEOCHAT_LLM_BASE_URL", "http://localhost:" + closedPort + "/v1",
                        "VIDEOCHAT_LLM_MAX_RETRIES", "0"),
                "Hello?\n\n", "chat");
        assertEquals(0, linesContaining(printed, "API key"), "no key asked for: " + printed);
        assertEquals(1, linesContaining(printed, "error: [LLM/openai] could not connect"), printed);
    }
}
