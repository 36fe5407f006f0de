package dev.videochat.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;

/**
 * Finds the human-readable message in an HTTP error body. Servers disagree on its shape: OpenAI and DashScope
 * send {@code {"error": {"message": ...}}}, Ollama {@code {"error": "..."}}, vLLM {@code {"message": ...}},
 * FastAPI {@code {"detail": ...}}; anything else is quoted as text.
 */
final class ErrorBodies {

    /** Enough for any real error message; a huge HTML error page is cut here. */
    static final int MAX_BYTES = 16 * 1024;

    private ErrorBodies() {
    }

    /** Reads at most {@link #MAX_BYTES} of {@code body} and returns its message, or a note that it was empty. */
    static String read(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES);
        return message(bytes, bytes.length);
    }

    /** The message in an error body of {@code length} bytes. */
    static String message(byte[] bytes, int length) {
        if (length == 0) {
            return "(empty body)";
        }
        try (JsonParser parser = JsonChunks.JSON.createParser(bytes, 0, length)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                String found = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (name) {
                        case "error" -> found = JsonChunks.errorText(parser, value);
                        case "message", "detail" -> {
                            String text = value.isScalarValue() ? parser.getText() : null;
                            parser.skipChildren();
                            found = found == null ? text : found;
                        }
                        default -> parser.skipChildren();
                    }
                }
                if (found != null) {
                    return found;
                }
            }
        } catch (IOException e) {
            // not JSON: quote it as text below
        }
        return JsonChunks.excerpt(bytes, length);
    }
}
