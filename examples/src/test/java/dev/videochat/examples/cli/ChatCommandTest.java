package dev.videochat.examples.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatCommandTest {

    private static final List<String> KEYS = List.of("videochat.llm", "videochat.llm.base-url", "videochat.llm.model",
            "videochat.llm.max-retries");
    private final InputStream stdin = System.in;

    @AfterEach
    void restore() {
        KEYS.forEach(System::clearProperty);
        System.setIn(stdin);
    }

    @Test
    void anLlmServerThatIsDownIsOneClearLineNotAStackTrace(@TempDir Path out) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        System.setProperty("videochat.llm", "openai-compatible");
        System.setProperty("videochat.llm.base-url", "http://127.0.0.1:" + closedPort + "/v1");
        System.setProperty("videochat.llm.model", "local-model");
        System.setProperty("videochat.llm.max-retries", "0");
        System.setIn(new ByteArrayInputStream("Are you there?\n\n".getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--out", out.toString(), "chat"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String printed = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, printed);
        List<String> errors = stderr.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), printed);
        assertTrue(errors.get(0).contains("[LLM/openai-compatible]") && errors.get(0).contains(":" + closedPort),
                errors.get(0));
        assertFalse(printed.contains("\tat "), "no stack trace: " + printed);
        // Turn ids carry the engine's number, which depends on how many engines this JVM made before.
        try (var files = Files.list(out.resolve("session-001"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().matches("latency-e\\d+-s1-t1\\.txt")),
                    "the failed turn's latency table is in the session's folder, though it made no video");
        }
    }

    @Test
    void anUnknownChatModeIsNamed(@TempDir Path out) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--out", out.toString(), "chat", "--mode", "telepathy"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertTrue(err.contains("option '--mode'") && err.contains("[CASCADE, REALTIME]")
                && err.contains("'telepathy'"), err);
    }

    @Test
    void chatWithoutAConfiguredLlmSaysWhatToSet(@TempDir Path out) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--out", out.toString(), "chat"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(2, status);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: [LLM] no language model is configured"), err);
        assertTrue(err.contains("VIDEOCHAT_LLM") && err.contains("DASHSCOPE_API_KEY"), err);
    }
}
