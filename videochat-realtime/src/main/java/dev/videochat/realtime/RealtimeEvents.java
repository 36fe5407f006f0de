package dev.videochat.realtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Realtime protocol's JSON events: the client events this client sends, written with jackson-core, and the
 * server events it reads, flattened to dotted paths ({@code response.status_details.error.message}).
 */
final class RealtimeEvents {

    private static final JsonFactory JSON = new JsonFactory();

    /** Prefixes of our event ids: an error naming one of these is about that event, not the running response. */
    static final String SESSION_ID = "vc_session_";
    static final String CANCEL_ID = "vc_cancel_";
    static final String TRUNCATE_ID = "vc_truncate_";
    static final String TURN_ID = "vc_turn_";

    private RealtimeEvents() {
    }

    /** One server event: its type and every scalar field, by dotted path (array elements are left out). */
    record ServerEvent(String type, Map<String, String> fields) {
        Optional<String> get(String path) {
            return Optional.ofNullable(fields.get(path));
        }

        String getOr(String path, String fallback) {
            return fields.getOrDefault(path, fallback);
        }
    }

    static String sessionUpdate(String eventId, RealtimeSettings s, Optional<String> instructions) {
        return object(g -> {
            g.writeStringField("type", "session.update");
            g.writeStringField("event_id", eventId);
            g.writeObjectFieldStart("session");
            g.writeArrayFieldStart("modalities");
            g.writeString("text");
            g.writeString("audio");
            g.writeEndArray();
            g.writeStringField("voice", s.voice());
            if (instructions.isPresent()) {
                g.writeStringField("instructions", instructions.get());
            }
            g.writeStringField("input_audio_format", s.inputAudioFormat());
            g.writeStringField("output_audio_format", s.outputAudioFormat());
            if (s.inputTranscriptionModel().isPresent()) {
                g.writeObjectFieldStart("input_audio_transcription");
                g.writeStringField("model", s.inputTranscriptionModel().get());
                g.writeEndObject();
            }
            if (s.serverVad()) {
                g.writeObjectFieldStart("turn_detection");
                g.writeStringField("type", "server_vad");
                g.writeEndObject();
            } else {
                g.writeNullField("turn_detection");
            }
            g.writeEndObject();
        });
    }

    /** {@code input_audio_buffer.append} with {@code length} bytes of little-endian PCM from {@code offset}. */
    static String append(String eventId, byte[] pcm, int offset, int length) {
        String audio = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(pcm, offset, offset + length));
        return object(g -> {
            g.writeStringField("type", "input_audio_buffer.append");
            g.writeStringField("event_id", eventId);
            g.writeStringField("audio", audio);
        });
    }

    static String commit(String eventId) {
        return simple("input_audio_buffer.commit", eventId);
    }

    static String userText(String eventId, String text) {
        return object(g -> {
            g.writeStringField("type", "conversation.item.create");
            g.writeStringField("event_id", eventId);
            g.writeObjectFieldStart("item");
            g.writeStringField("type", "message");
            g.writeStringField("role", "user");
            g.writeArrayFieldStart("content");
            g.writeStartObject();
            g.writeStringField("type", "input_text");
            g.writeStringField("text", text);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static String responseCreate(String eventId) {
        return simple("response.create", eventId);
    }

    static String responseCancel(String eventId, Optional<String> responseId) {
        return object(g -> {
            g.writeStringField("type", "response.cancel");
            g.writeStringField("event_id", eventId);
            if (responseId.isPresent()) {
                g.writeStringField("response_id", responseId.get());
            }
        });
    }

    static String truncate(String eventId, String itemId, long audioEndMs) {
        return object(g -> {
            g.writeStringField("type", "conversation.item.truncate");
            g.writeStringField("event_id", eventId);
            g.writeStringField("item_id", itemId);
            g.writeNumberField("content_index", 0);
            g.writeNumberField("audio_end_ms", audioEndMs);
        });
    }

    private static String simple(String type, String eventId) {
        return object(g -> {
            g.writeStringField("type", type);
            g.writeStringField("event_id", eventId);
        });
    }

    /** Reads one server event; {@code type} is empty when the event has none. */
    static ServerEvent parse(String json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a server event must be a JSON object, got " + abbreviate(json));
            }
            readObject(p, "", fields);
        }
        return new ServerEvent(fields.getOrDefault("type", ""), fields);
    }

    private static void readObject(JsonParser p, String prefix, Map<String, String> into) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String path = prefix + p.currentName();
            JsonToken value = p.nextToken();
            switch (value) {
                case START_OBJECT -> readObject(p, path + ".", into);
                case START_ARRAY -> p.skipChildren();
                case VALUE_NULL -> { }
                default -> into.put(path, p.getText());
            }
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** The JSON text of an object holding the fields {@code fields} writes. */
    static String object(Fields fields) {
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
