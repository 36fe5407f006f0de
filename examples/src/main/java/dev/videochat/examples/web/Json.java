package dev.videochat.examples.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonpCharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The page's JSON, written with Jackson's streaming {@link JsonGenerator}: compact, fields in the order written,
 * decimals as Java prints them ({@code 1.0}, {@code 0.25}), times in seconds rounded to the millisecond.
 */
final class Json {

    /** Writes one JSON value with the generator it is given. */
    @FunctionalInterface
    interface Writing {
        void to(JsonGenerator json) throws IOException;
    }

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new ScriptSafeEscapes())
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    private Json() {
    }

    /** What {@code writing} writes, as a string. */
    static String write(Writing writing) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writing.to(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** {@code values} as a JSON object, in the map's iteration order. */
    static String object(Map<String, ?> values) {
        return write(json -> value(json, values));
    }

    /**
     * Writes {@code value}: a map as an object, a list as an array, strings, booleans, whole numbers, decimals (one
     * that is not finite as {@code null}), {@code null}; anything else as its string. Jackson's own tree of maps and
     * lists is in jackson-databind, which the demo does not need for these few shapes.
     */
    static void value(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            decimal(json, n.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                value(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                value(json, item);
            }
            json.writeEndArray();
        } else {
            json.writeString(value.toString());
        }
    }

    /** {@code value}, or {@code null} when it is not finite (JSON has no NaN or infinity). */
    static void decimal(JsonGenerator json, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumber(value);
        } else {
            json.writeNull();
        }
    }

    /** The field {@code name}: {@code duration} in seconds, rounded to the millisecond. */
    static void seconds(JsonGenerator json, String name, Duration duration) throws IOException {
        json.writeNumberField(name, seconds(duration));
    }

    /** {@code duration} in seconds, rounded to the millisecond: the unit of every time the page reads. */
    static double seconds(Duration duration) {
        return Math.round(duration.toNanos() / 1e6) / 1e3;
    }

    /**
     * Jackson's escapes for JSONP (the line separators U+2028 and U+2029, which end a line of script), and
     * {@code <} as well, so that no text can close a script element if this JSON is ever inlined in a page.
     */
    private static final class ScriptSafeEscapes extends JsonpCharacterEscapes {

        private static final int[] ASCII = standardAsciiEscapesForJSON();

        static {
            ASCII['<'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }
    }
}
