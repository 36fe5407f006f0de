package dev.videochat.tts.cosyvoice;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The messages of DashScope's streaming speech-synthesis WebSocket (duplex mode): {@code run-task},
 * {@code continue-task} and {@code finish-task} from the client, events from the server.
 */
final class CosyVoiceProtocol {

    private static final JsonFactory JSON = new JsonFactory();

    private CosyVoiceProtocol() {
    }

    /** A server event: {@code header.event} and, for failures, the error code and message. */
    record Event(String name, String errorCode, String errorMessage) {
    }

    static String runTask(String taskId, CosyVoiceSettings s, String voice) {
        return object(g -> {
            header(g, "run-task", taskId);
            g.writeObjectFieldStart("payload");
            g.writeStringField("task_group", "audio");
            g.writeStringField("task", "tts");
            g.writeStringField("function", "SpeechSynthesizer");
            g.writeStringField("model", s.model());
            g.writeObjectFieldStart("parameters");
            g.writeStringField("text_type", "PlainText");
            g.writeStringField("voice", voice);
            g.writeStringField("format", s.format().wireName());
            g.writeNumberField("sample_rate", s.sampleRate());
            g.writeNumberField("volume", s.volume());
            g.writeNumberField("rate", s.rate());
            g.writeNumberField("pitch", s.pitch());
            g.writeEndObject();
            g.writeObjectFieldStart("input");
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static String continueTask(String taskId, String text) {
        return object(g -> {
            header(g, "continue-task", taskId);
            g.writeObjectFieldStart("payload");
            g.writeObjectFieldStart("input");
            g.writeStringField("text", text);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** Ends the task; with {@code cancel} the server drops the audio it has not sent yet (barge-in). */
    static String finishTask(String taskId, boolean cancel) {
        return object(g -> {
            header(g, "finish-task", taskId);
            g.writeObjectFieldStart("payload");
            g.writeObjectFieldStart("input");
            if (cancel) {
                g.writeStringField("directive", "cancel");
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** Reads {@code header.event}, {@code header.error_code} and {@code header.error_message}. */
    static Event parseEvent(String json) throws IOException {
        String event = null;
        String code = null;
        String message = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("server message is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("header".equals(field) && p.currentToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String h = p.currentName();
                        p.nextToken();
                        switch (h) {
                            case "event" -> event = p.getValueAsString();
                            case "error_code" -> code = p.getValueAsString();
                            case "error_message" -> message = p.getValueAsString();
                            default -> p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (event == null) {
            throw new IOException("server message has no header.event");
        }
        return new Event(event, code, message);
    }

    private static void header(JsonGenerator g, String action, String taskId) throws IOException {
        g.writeObjectFieldStart("header");
        g.writeStringField("action", action);
        g.writeStringField("task_id", taskId);
        g.writeStringField("streaming", "duplex");
        g.writeEndObject();
    }

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** The JSON text of an object holding the fields {@code fields} writes. */
    private static String object(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; a field writer that throws is a bug here.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
