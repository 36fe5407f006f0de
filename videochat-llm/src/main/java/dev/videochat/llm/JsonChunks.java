package dev.videochat.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Streaming-parser helpers shared by the chunk decoders and the error-body reader. */
final class JsonChunks {

    /** Thread-safe and costly to build, so shared. */
    static final JsonFactory JSON = new JsonFactory();

    private static final int EXCERPT_CHARS = 200;

    private JsonChunks() {
    }

    /** A parser positioned on the root object's first token, or a {@link StreamFailure} if it is no object. */
    static JsonParser openObject(byte[] bytes, int length) throws StreamFailure {
        try {
            JsonParser parser = JSON.createParser(bytes, 0, length);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                parser.close();
                throw malformed(bytes, length, null);
            }
            return parser;
        } catch (IOException e) {
            throw malformed(bytes, length, e);
        }
    }

    /** The failure for a chunk that is not the JSON it should be, quoting its start. */
    static StreamFailure malformed(byte[] bytes, int length, IOException cause) {
        String detail = cause instanceof JsonProcessingException json ? ": " + json.getOriginalMessage() : "";
        return new StreamFailure("malformed JSON in the stream" + detail + "; the chunk began '"
                + excerpt(bytes, length) + "'", cause);
    }

    /** The first characters of {@code bytes}, on one line, for messages. */
    static String excerpt(byte[] bytes, int length) {
        String text = new String(bytes, 0, Math.min(length, EXCERPT_CHARS * 4), StandardCharsets.UTF_8);
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "..." : text;
    }

    /**
     * The text of an {@code error} value whose first token is {@code token}: a string as it is, or an object's
     * {@code message} (with its {@code code}, or else its {@code type}, when given). Consumes the value.
     */
    static String errorText(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return parser.getText();
        }
        String message = null;
        String code = null;
        String type = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                switch (name) {
                    case "message" -> message = parser.getText();
                    case "code" -> code = parser.getText();
                    case "type" -> type = parser.getText();
                    default -> { }
                }
            } else {
                parser.skipChildren();
            }
        }
        code = code != null ? code : type; // the code ("invalid_api_key") says more than the type
        if (message == null) {
            return code == null ? "(no message)" : code;
        }
        return code == null ? message : message + " [" + code + "]";
    }

    /** A string value, or {@code null} for JSON null; other values are skipped and give {@code null}. */
    static String stringOrNull(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }
}
