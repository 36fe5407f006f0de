package dev.videochat.langchain4j;

import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.llm.testing.LoopbackServer;
import dev.videochat.llm.testing.RecordingHandler;
import dev.videochat.llm.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.videochat.langchain4j.LangChain4jStreamingTest.HELLO;
import static dev.videochat.llm.testing.Wire.content;
import static dev.videochat.llm.testing.Wire.error;
import static dev.videochat.llm.testing.Wire.role;
import static dev.videochat.llm.testing.Wire.writeSplit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How bridged calls fail: server errors, broken streams, unreachable servers, handlers that throw. */
@Timeout(30)
class LangChain4jFailuresTest {

    @Test
    void aServerErrorFailsTheCallWithAnLlmExceptionNamingTheModelTheStatusAndTheServersWords() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.respondJson(exchange, 500,
                error("The server had an error while processing your request.", "server_error", "internal")));
             LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            RecordingHandler handler = new RecordingHandler();

            VideoChatException failure = assertThrows(VideoChatException.class,
                    () -> model.stream(HELLO, handler).await());

            assertEquals(Stage.LLM, failure.stage());
            assertEquals("langchain4j-open-ai", failure.provider());
            assertTrue(failure.getMessage().startsWith("[LLM/langchain4j-open-ai] "), failure.getMessage());
            assertTrue(failure.getMessage().contains(
                    "HTTP 500: The server had an error while processing your request;"), failure.getMessage());
            assertTrue(handler.deltas.isEmpty());
        }
    }

    @Test
    void anUnauthorizedAnswerSaysToCheckTheApiKey() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> Wire.respondJson(exchange, 401,
                error("Incorrect API key provided: sk-test-key.", "invalid_request_error", "invalid_api_key")));
             LangChain4jChatModel model = LangChain4jChatModel.builder(OpenAiModels.at(server))
                     .name("company-gateway").build()) {
            VideoChatException failure = assertThrows(VideoChatException.class,
                    () -> model.stream(HELLO, new RecordingHandler()).await());

            assertEquals(Stage.LLM, failure.stage());
            assertEquals("company-gateway", failure.provider());
            assertTrue(failure.getMessage().contains(
                    "HTTP 401: Incorrect API key provided: sk-test-key; check the API key"), failure.getMessage());
            assertTrue(failure.getMessage().contains("check the API key"), failure.getMessage());
        }
    }

    @Test
    void aStreamThatBreaksAfterDeltasFailsTheCallAndKeepsWhatWasDelivered() throws Exception {
        // the JDK's HttpServer cannot drop a connection mid-body, so this server is a bare socket
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> breakAfter(listener,
                    role() + content("Hello") + content(", wor")));
            OpenAiStreamingChatModel openAi = OpenAiStreamingChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + listener.getLocalPort() + "/v1").apiKey(OpenAiModels.API_KEY)
                    .modelName("test-model").timeout(Duration.ofSeconds(10)).build();
            try (LangChain4jChatModel model = LangChain4jChatModel.of(openAi)) {
                RecordingHandler handler = new RecordingHandler();

                VideoChatException failure = assertThrows(VideoChatException.class,
                        () -> model.stream(HELLO, handler).await());

                served.get(10, TimeUnit.SECONDS);
                assertEquals(Stage.LLM, failure.stage());
                assertEquals(List.of("Hello", ", wor"), handler.deltas);
                assertTrue(failure.getMessage().contains("the connection to the server broke; 2 deltas of the "
                        + "answer had been delivered"), failure.getMessage());
            }
        }
    }

    /**
     * Answers one request with a chunked event stream holding {@code events}, then closes the socket without the
     * last, empty chunk: the body breaks off.
     */
    private static void breakAfter(ServerSocket listener, String events) {
        try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
            in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
            byte[] body = events.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request line and headers, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended in its headers");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void anUnreachableServerFailsTheCall() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OpenAiStreamingChatModel nowhere = OpenAiStreamingChatModel.builder()
                .baseUrl("http://127.0.0.1:" + closedPort + "/v1").apiKey(OpenAiModels.API_KEY)
                .modelName("test-model").timeout(Duration.ofSeconds(5)).build();
        try (LangChain4jChatModel model = LangChain4jChatModel.of(nowhere)) {
            VideoChatException failure = assertThrows(VideoChatException.class,
                    () -> model.stream(HELLO, new RecordingHandler()).await());

            assertEquals(Stage.LLM, failure.stage());
            assertTrue(failure.getMessage().contains("ConnectException"), failure.getMessage());
            assertTrue(failure.getMessage().contains("is the server running"), failure.getMessage());
        }
    }

    @Test
    void aHandlerThatThrowsEndsTheCallWithItsExceptionAndStopsTheStream() throws Exception {
        CompletableFuture<IOException> serverSawClose = new CompletableFuture<>();
        IllegalStateException broken = new IllegalStateException("the queue is closed");
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            try {
                OutputStream out = Wire.startEvents(exchange);
                writeSplit(out, role() + content("one") + content("two"));
                byte[] more = content(" more").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(more);
                    out.flush();
                }
                serverSawClose.completeExceptionally(new AssertionError("the connection stayed open"));
            } catch (IOException e) {
                serverSawClose.complete(e);
            }
        }); LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public void onDelta(String text) throws InterruptedException {
                    super.onDelta(text);
                    if (deltas.size() == 2) {
                        throw broken;
                    }
                }
            };
            Call<ChatResult> call = model.stream(HELLO, handler);

            VideoChatException failure = assertThrows(VideoChatException.class, call::await);

            assertEquals(Stage.LLM, failure.stage());
            assertSame(broken, failure.getCause());
            assertTrue(failure.getMessage().contains("the chat handler failed"), failure.getMessage());
            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("one", "two"), handler.deltas);
        }
    }
}
