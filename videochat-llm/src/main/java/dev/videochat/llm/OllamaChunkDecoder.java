package dev.videochat.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Decodes Ollama's native {@code /api/chat} stream: newline-delimited JSON, one object per line, with no
 * {@code data:} prefix and no {@code [DONE]}. The answer is in {@code message.content}, reasoning in
 * {@code message.thinking}; the last object has {@code "done": true}, {@code done_reason} and {@code eval_count}
 * (the generated tokens). Errors arrive as {@code {"error": "..."}}. Blank lines are ignored.
 */
final class OllamaChunkDecoder implements LineFramer.LineSink {

    private final StreamListener listener;

    OllamaChunkDecoder(StreamListener listener) {
        this.listener = listener;
    }

    @Override
    public void line(byte[] bytes, int length) throws StreamFailure, InterruptedException {
        if (isBlank(bytes, length)) {
            return;
        }
        String content = null;
        String thinking = null;
        String doneReason = null;
        String error = null;
        boolean done = false;
        int evalCount = -1;
        try (JsonParser parser = JsonChunks.openObject(bytes, length)) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "message" -> {
                        if (value != JsonToken.START_OBJECT) {
                            parser.skipChildren();
                            continue;
                        }
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String field = parser.currentName();
                            JsonToken v = parser.nextToken();
                            switch (field) {
                                case "content" -> content = JsonChunks.stringOrNull(parser, v);
                                case "thinking" -> thinking = JsonChunks.stringOrNull(parser, v);
                                default -> parser.skipChildren();
                            }
                        }
                    }
                    case "done" -> done = value == JsonToken.VALUE_TRUE;
                    case "done_reason" -> doneReason = JsonChunks.stringOrNull(parser, value);
                    case "eval_count" -> evalCount = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
                    case "error" -> error = JsonChunks.errorText(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw JsonChunks.malformed(bytes, length, null);
            }
        } catch (IOException e) {
            throw JsonChunks.malformed(bytes, length, e);
        }
        if (error != null) {
            throw new StreamFailure("the server reported an error in the stream: " + error);
        }
        if (thinking != null && !thinking.isEmpty()) {
            listener.reasoning(thinking);
        }
        if (content != null && !content.isEmpty()) {
            listener.content(content);
        }
        if (done) {
            listener.finishReason(doneReason == null ? "stop" : doneReason);
            if (evalCount >= 0) {
                listener.completionTokens(evalCount);
            }
            listener.done();
        }
    }

    /** Whether a line holds only spaces and tabs: no content, though some servers send such lines to keep alive. */
    static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
