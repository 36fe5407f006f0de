package dev.videochat.llm;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes chat streams as real servers put them on the wire (OpenAI Chat Completions chunks as server-sent events,
 * Ollama's NDJSON lines), in small, badly split writes: each write is flushed as its own HTTP chunk, and the piece
 * sizes cycle through 1, 2, 3, 5 and 7 bytes, so pieces end inside lines and inside multi-byte UTF-8 characters.
 */
final class Wire {

    private static final int[] PIECES = {1, 2, 3, 5, 7};

    private Wire() {
    }

    /** Sends 200 with {@code contentType} and a chunked body, ready for streaming. */
    static OutputStream startStream(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Starts a server-sent event stream. */
    static OutputStream startEvents(HttpExchange exchange) throws IOException {
        return startStream(exchange, "text/event-stream; charset=utf-8");
    }

    /** Answers {@code status} with a JSON body. */
    static void respondJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Writes {@code text} as UTF-8 in small pieces, flushing after each. */
    static void writeSplit(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        for (int p = 0; i < bytes.length; p++) {
            int n = Math.min(PIECES[p % PIECES.length], bytes.length - i);
            out.write(bytes, i, n);
            out.flush();
            i += n;
        }
    }

    /** A {@code chat.completion.chunk} event whose delta carries {@code deltaJson} (the delta object's fields). */
    static String event(String deltaJson, String finishReason) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":{" + deltaJson + "},"
                + "\"finish_reason\":" + (finishReason == null ? "null" : quote(finishReason)) + "}],"
                + "\"usage\":null}\n\n";
    }

    /** An event carrying a piece of the answer. */
    static String content(String text) {
        return event("\"content\":" + quote(text), null);
    }

    /** The usage chunk sent before {@code [DONE]} when {@code include_usage} is asked for. */
    static String usage(int completionTokens) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"test-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":"
                + completionTokens + ",\"total_tokens\":" + (9 + completionTokens) + "}}\n\n";
    }

    static final String DONE = "data: [DONE]\n\n";

    /** An Ollama {@code /api/chat} line carrying a piece of the answer. */
    static String ollamaLine(String content) {
        return "{\"model\":\"qwen2.5:7b\",\"created_at\":\"2024-07-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":" + quote(content) + "},\"done\":false}\n";
    }

    /** Ollama's last line, with its statistics. */
    static String ollamaDone(int evalCount) {
        return "{\"model\":\"qwen2.5:7b\",\"created_at\":\"2024-07-01T00:00:01Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":5000000,"
                + "\"load_duration\":1000,\"prompt_eval_count\":9,\"prompt_eval_duration\":1000,"
                + "\"eval_count\":" + evalCount + ",\"eval_duration\":4000000}\n";
    }

    /** {@code text} as a JSON string literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
