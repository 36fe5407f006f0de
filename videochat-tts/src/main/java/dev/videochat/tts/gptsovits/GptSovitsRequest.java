package dev.videochat.tts.gptsovits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON body of a GPT-SoVITS {@code api_v2} {@code POST /tts} request. Every request parameter of the server is
 * a builder method in camel case and a setting with dashes for underscores ({@code topK(int)}, {@code top-k} for
 * {@code top_k}); unset ones are left out so the server's defaults apply. {@code streaming_mode} defaults to 1
 * (audio per sentence as it is ready) and {@code media_type} is always {@code wav} (the sample rate is read from the
 * header).
 */
final class GptSovitsRequest {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Object> fixed;

    private GptSovitsRequest(Map<String, Object> fixed) {
        this.fixed = fixed;
    }

    /**
     * The request with {@code parameters} (server parameter name to an Integer, Long, Double, Boolean, String or
     * list of strings, as the builder checked them); {@code streaming_mode} defaults to 1.
     */
    static GptSovitsRequest of(Map<String, Object> parameters) {
        Map<String, Object> p = new LinkedHashMap<>(parameters);
        p.putIfAbsent("streaming_mode", 1);
        p.put("media_type", "wav");
        return new GptSovitsRequest(Map.copyOf(p));
    }

    /** The JSON body for one piece of text spoken with {@code reference}, whose words are {@code promptText}. */
    String json(String text, String textLang, GptSovitsReference reference, String promptText) {
        return object(g -> {
            g.writeStringField("text", text);
            g.writeStringField("text_lang", textLang.toLowerCase(Locale.ROOT));
            g.writeStringField("ref_audio_path", reference.audioPath());
            g.writeStringField("prompt_text", promptText);
            g.writeStringField("prompt_lang", reference.promptLang().toLowerCase(Locale.ROOT));
            for (Map.Entry<String, Object> e : new java.util.TreeMap<>(fixed).entrySet()) {
                g.writeFieldName(e.getKey());
                Object v = e.getValue();
                if (v instanceof Long l) {
                    g.writeNumber(l);
                } else if (v instanceof Integer i) {
                    g.writeNumber(i);
                } else if (v instanceof Double d) {
                    g.writeNumber(d);
                } else if (v instanceof Boolean b) {
                    g.writeBoolean(b);
                } else if (v instanceof List<?> list) {
                    g.writeStartArray();
                    for (Object item : list) {
                        g.writeString(item.toString());
                    }
                    g.writeEndArray();
                } else {
                    g.writeString(v.toString());
                }
            }
        });
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
