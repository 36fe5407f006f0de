package dev.videochat.langchain4j;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's Chat Completions stream as a server puts it on the wire: {@code text/event-stream}, one
 * {@code data: {chat.completion.chunk}} event per piece with the text in {@code choices[0].delta.content}, a chunk
 * with the {@code finish_reason}, a usage chunk with empty {@code choices} (asked for by
 * {@code stream_options.include_usage}), then {@code data: [DONE]}. Written in small, badly split writes, each
 * flushed as its own HTTP chunk, so pieces end inside lines and inside multi-byte UTF-8 characters.
 */
final class ChatCompletionStream {

    private static final int[] PIECES = {1, 2, 3, 5, 7};

    static final String DONE = "data: [DONE]\n\n";

    private ChatCompletionStream() {
    }

    /** Sends 200 with a chunked event-stream body, ready for events. */
    static OutputStream start(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Answers {@code status} with a JSON body, as a server refusing a request does. */
    static void refuse(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** OpenAI's error body. */
    static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"param\":null,"
                + "\"code\":" + quote(code) + "}}";
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

    /** Writes {@code text} in one write, flushed. */
    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A chunk whose {@code delta} object holds {@code deltaFields}. */
    static String chunk(String deltaFields, String finishReason) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":{" + deltaFields + "},"
                + "\"finish_reason\":" + (finishReason == null ? "null" : quote(finishReason)) + "}],"
                + "\"usage\":null}\n\n";
    }

    /** The first chunk: the role, and empty content. */
    static String role() {
        return chunk("\"role\":\"assistant\",\"content\":\"\"", null);
    }

    /** A chunk carrying a piece of the answer. */
    static String content(String text) {
        return chunk("\"content\":" + quote(text), null);
    }

    /** A chunk carrying a piece of reasoning, as DashScope and vLLM send it. */
    static String reasoning(String text) {
        return chunk("\"reasoning_content\":" + quote(text), null);
    }

    /** The chunk that says why generation stopped. */
    static String finish(String reason) {
        return chunk("", reason);
    }

    /** The usage chunk sent before {@code [DONE]}. */
    static String usage(int promptTokens, int completionTokens) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"test-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens
                + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":"
                + (promptTokens + completionTokens) + "}}\n\n";
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
