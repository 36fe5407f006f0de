package dev.videochat.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Writes small JSON objects (protocol messages, request bodies) with jackson-core's streaming generator: the
 * caller writes the fields, this opens and closes the object.
 */
public final class JsonObjects {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonObjects() {
    }

    /** Writes the fields of one object. */
    @FunctionalInterface
    public interface Fields {
        /** Writes fields (and nested values) into the open object. */
        void write(JsonGenerator g) throws IOException;
    }

    /** The JSON text of an object holding the fields {@code fields} writes. */
    public static String write(Fields fields) {
        Objects.requireNonNull(fields, "fields");
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; a field writer that throws is a bug in the caller.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
