package dev.videochat.tts.gptsovits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.videochat.core.config.Settings;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON body of a GPT-SoVITS {@code api_v2} {@code POST /tts} request. Every request parameter of the server is
 * a setting of the same name with dashes for underscores ({@code top-k} for {@code top_k}); unset ones are left
 * out so the server's defaults apply. {@code aux-ref-audio-paths} is a comma-separated list of server paths. {@code streaming_mode} defaults to 1 (audio per sentence as it is ready) and
 * {@code media_type} is always {@code wav} (the sample rate is read from the header).
 */
final class GptSovitsRequest {

    private static final JsonFactory JSON = new JsonFactory();

    /** Parameters sent as JSON numbers. */
    private static final String[] NUMBERS = {"top_k", "top_p", "temperature", "batch_size", "batch_threshold",
            "speed_factor", "fragment_interval", "seed", "repetition_penalty", "sample_steps", "overlap_length",
            "min_chunk_length", "streaming_mode"};
    /** Parameters sent as JSON booleans. */
    private static final String[] BOOLEANS = {"split_bucket", "parallel_infer", "super_sampling"};
    /** Parameters sent as JSON strings. */
    private static final String[] STRINGS = {"text_split_method"};

    private final Map<String, Object> fixed;

    private GptSovitsRequest(Map<String, Object> fixed) {
        this.fixed = fixed;
    }

    /** Reads the per-request parameters from the provider's settings. */
    static GptSovitsRequest from(Settings s) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (String name : NUMBERS) {
            s.get(key(name)).ifPresent(v -> p.put(name, number(s, key(name), v)));
        }
        for (String name : BOOLEANS) {
            s.get(key(name)).ifPresent(v -> p.put(name, s.getBoolean(key(name), false)));
        }
        for (String name : STRINGS) {
            s.get(key(name)).ifPresent(v -> p.put(name, v));
        }
        // Extra clips on the server, fused into the voice's tone; comma-separated in the setting.
        s.get("aux-ref-audio-paths").ifPresent(v -> p.put("aux_ref_audio_paths", Arrays.stream(v.split(","))
                .map(String::strip).filter(x -> !x.isEmpty()).toList()));
        p.putIfAbsent("streaming_mode", 1);
        p.put("media_type", "wav");
        return new GptSovitsRequest(Map.copyOf(p));
    }

    private static String key(String parameter) {
        return parameter.replace('_', '-');
    }

    private static Number number(Settings s, String key, String raw) {
        if (raw.matches("-?\\d+")) {
            return Long.parseLong(raw);
        }
        return s.getDouble(key, 0, -Double.MAX_VALUE, Double.MAX_VALUE);
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
