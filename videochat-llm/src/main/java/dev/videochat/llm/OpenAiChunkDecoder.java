package dev.videochat.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Decodes the data of each server-sent event of an OpenAI-compatible Chat Completions stream: a
 * {@code chat.completion.chunk} object, or {@code [DONE]}. Reads only the fields it needs with the streaming
 * parser. Tolerates what real servers send: {@code choices} empty, {@code null} or absent (the usage chunk),
 * {@code delta.content} {@code null} or absent, {@code usage: null}; reasoning arrives in
 * {@code delta.reasoning_content} (DashScope, vLLM) or {@code delta.reasoning} (some other servers). A chunk is
 * parsed whole before anything in it is reported, so a malformed chunk reports nothing.
 */
final class OpenAiChunkDecoder implements ServerSentEvents.DataSink {

    private final StreamListener listener;

    OpenAiChunkDecoder(StreamListener listener) {
        this.listener = listener;
    }

    @Override
    public void data(byte[] bytes, int length) throws StreamFailure, InterruptedException {
        if (isDone(bytes, length)) {
            listener.done();
            return;
        }
        Chunk chunk = new Chunk();
        try (JsonParser parser = JsonChunks.openObject(bytes, length)) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "choices" -> readChoices(parser, value, chunk);
                    case "usage" -> readUsage(parser, value, chunk);
                    case "error" -> chunk.error = JsonChunks.errorText(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw JsonChunks.malformed(bytes, length, null);
            }
        } catch (IOException e) {
            throw JsonChunks.malformed(bytes, length, e);
        }
        if (chunk.error != null) {
            throw new StreamFailure("the server reported an error in the stream: " + chunk.error);
        }
        if (chunk.reasoning != null && !chunk.reasoning.isEmpty()) {
            listener.reasoning(chunk.reasoning);
        }
        if (chunk.content != null && !chunk.content.isEmpty()) {
            listener.content(chunk.content);
        }
        if (chunk.finishReason != null) {
            listener.finishReason(chunk.finishReason);
        }
        if (chunk.completionTokens >= 0) {
            listener.completionTokens(chunk.completionTokens);
        }
    }

    private static void readChoices(JsonParser parser, JsonToken token, Chunk chunk) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            parser.skipChildren(); // null or anything else: no choices in this chunk
            return;
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            int index = 0;
            String content = null;
            String reasoning = null;
            String finishReason = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : 0;
                    case "finish_reason" -> finishReason = JsonChunks.stringOrNull(parser, value);
                    case "delta" -> {
                        if (value != JsonToken.START_OBJECT) {
                            parser.skipChildren();
                            continue;
                        }
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String field = parser.currentName();
                            JsonToken v = parser.nextToken();
                            switch (field) {
                                case "content" -> content = JsonChunks.stringOrNull(parser, v);
                                case "reasoning_content", "reasoning" -> reasoning = JsonChunks.stringOrNull(parser, v);
                                default -> parser.skipChildren();
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (index == 0) { // only one answer is ever asked for; other choices would interleave
                chunk.content = content;
                chunk.reasoning = reasoning;
                chunk.finishReason = finishReason;
            }
        }
    }

    private static void readUsage(JsonParser parser, JsonToken token, Chunk chunk) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("completion_tokens") && value == JsonToken.VALUE_NUMBER_INT) {
                chunk.completionTokens = parser.getIntValue();
            } else {
                parser.skipChildren();
            }
        }
    }

    /** Whether the event's data, without surrounding whitespace, is {@code [DONE]}. */
    static boolean isDone(byte[] bytes, int length) {
        int start = 0;
        int end = length;
        while (start < end && isSpace(bytes[start])) {
            start++;
        }
        while (end > start && isSpace(bytes[end - 1])) {
            end--;
        }
        return end - start == 6 && bytes[start] == '[' && bytes[start + 1] == 'D' && bytes[start + 2] == 'O'
                && bytes[start + 3] == 'N' && bytes[start + 4] == 'E' && bytes[start + 5] == ']';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** What one chunk said. */
    private static final class Chunk {
        String content;
        String reasoning;
        String finishReason;
        String error;
        int completionTokens = -1;
    }
}
