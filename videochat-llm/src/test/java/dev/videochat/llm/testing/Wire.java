package dev.videochat.llm.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes chat streams as real servers put them on the wire, in small, badly split writes: each write is flushed as
 * its own HTTP chunk, and the piece sizes cycle through 1, 2, 3, 5 and 7 bytes, so pieces end inside lines and
 * inside multi-byte UTF-8 characters.
 *
 * <p>OpenAI's Chat Completions stream is {@code text/event-stream}: one {@code data: {chat.completion.chunk}} event
 * per piece with the text in {@code choices[0].delta.content}, an event with the {@code finish_reason}, a usage event
 * with empty {@code choices} (asked for by {@code stream_options.include_usage}), then {@code data: [DONE]}.
 * Ollama's {@code /api/chat} stream is NDJSON, one message per line, the last with {@code done: true}.
 */
public final class Wire {

    private static final int[] PIECES = {1, 2, 3, 5, 7};

    /** The event that ends an OpenAI stream. */
    public static final String DONE = "data: [DONE]\n\n";

    private Wire() {
    }

    /** Sends 200 with {@code contentType} and a chunked body, ready for streaming. */
    public static OutputStream startStream(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Sends 200 with a chunked {@code text/event-stream} body, ready for events. */
    public static OutputStream startEvents(HttpExchange exchange) throws IOException {
        return startStream(exchange, "text/event-stream; charset=utf-8");
    }

    /** Answers HTTP {@code status} with a JSON body, as a server refusing a request does. */
    public static void respondJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Writes {@code text} as UTF-8 in small pieces, flushing after each. */
    public static void writeSplit(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        for (int p = 0; i < bytes.length; p++) {
            int n = Math.min(PIECES[p % PIECES.length], bytes.length - i);
            out.write(bytes, i, n);
            out.flush();
            i += n;
        }
    }

    /**
     * A {@code chat.completion.chunk} event whose delta object holds {@code deltaJson} (its fields, without braces),
     * with {@code finishReason} or JSON {@code null} when that is null.
     */
    public static String event(String deltaJson, String finishReason) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":{" + deltaJson + "},"
                + "\"finish_reason\":" + (finishReason == null ? "null" : quote(finishReason)) + "}],"
                + "\"usage\":null}\n\n";
    }

    /** The first event of an OpenAI stream: the role, and empty content. */
    public static String role() {
        return event("\"role\":\"assistant\",\"content\":\"\"", null);
    }

    /** An event carrying a piece of the answer. */
    public static String content(String text) {
        return event("\"content\":" + quote(text), null);
    }

    /** An event carrying a piece of reasoning in {@code reasoning_content}, as DashScope and vLLM send it. */
    public static String reasoning(String text) {
        return event("\"reasoning_content\":" + quote(text), null);
    }

    /** The event that says why generation stopped ({@code stop}, {@code length}, ...). */
    public static String finish(String reason) {
        return event("", reason);
    }

    /** The usage event sent before {@link #DONE} when {@code include_usage} is asked for; counts in tokens. */
    public static String usage(int promptTokens, int completionTokens) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"test-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens
                + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":"
                + (promptTokens + completionTokens) + "}}\n\n";
    }

    /** OpenAI's error body, for {@link #respondJson}. */
    public static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"param\":null,"
                + "\"code\":" + quote(code) + "}}";
    }

    /** An Ollama {@code /api/chat} line carrying a piece of the answer. */
    public static String ollamaLine(String content) {
        return "{\"model\":\"qwen2.5:7b\",\"created_at\":\"2024-07-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":" + quote(content) + "},\"done\":false}\n";
    }

    /** Ollama's last line, with its statistics; {@code evalCount} is the answer's length in tokens. */
    public static String ollamaDone(int evalCount) {
        return "{\"model\":\"qwen2.5:7b\",\"created_at\":\"2024-07-01T00:00:01Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":5000000,"
                + "\"load_duration\":1000,\"prompt_eval_count\":9,\"prompt_eval_duration\":1000,"
                + "\"eval_count\":" + evalCount + ",\"eval_duration\":4000000}\n";
    }

    /** {@code text} as a JSON string literal (escapes quotes, backslashes and newlines only). */
    public static String quote(String text) {
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
