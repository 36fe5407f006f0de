package dev.videochat.asr.funasr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The text messages of the FunASR runtime WebSocket protocol: the configuration and the end of speech from the
 * client, results from the server. Audio goes between them as binary frames of raw 16-bit little-endian PCM.
 */
final class FunAsrProtocol {

    /** The audio rate sent, Hz; the servers' default, and what their models are trained on. */
    static final int SAMPLE_RATE = 16_000;
    /** The duration of one binary frame, ms: {@code 60 * chunk_size[1] / chunk_interval} with the default 10 / 10. */
    static final int FRAME_MILLIS = 60;
    /** Samples in one binary frame. */
    static final int FRAME_SAMPLES = SAMPLE_RATE * FRAME_MILLIS / 1000;
    private static final int CHUNK_INTERVAL = 10;

    private static final JsonFactory JSON = new JsonFactory();

    private FunAsrProtocol() {
    }

    /**
     * A result from the server.
     *
     * @param mode    {@code 2pass-online}, {@code 2pass-offline}, {@code online}, {@code offline}, or {@code ""}
     *                when the message has none (the C++ server's empty final flush)
     * @param text    the text: a delta for {@code *online}, a whole sentence for {@code *offline}
     * @param isFinal the server's {@code is_final}; see {@link TranscriptAssembly} for when a result is the last
     * @param isEnd   the Python server's acknowledgement of the end of speech
     * @param error   the server's {@code error} field, or {@code ""}
     * @param startMs the sentence start ({@code start_time}, ms into the audio), when the server sends it
     * @param endMs   the sentence end ({@code end_time}, ms into the audio), when the server sends it
     */
    record Result(String mode, String text, boolean isFinal, boolean isEnd, String error, OptionalLong startMs,
                  OptionalLong endMs) {

        boolean isOnline() {
            return mode.endsWith("online");
        }

        boolean isOffline() {
            return mode.endsWith("offline");
        }
    }

    /**
     * The first message. {@code chunk_size} always goes: without it the C++ 2pass server never creates its decoder
     * and never answers, whatever the mode. {@code hotwords} is a JSON object written <em>as a string</em>.
     */
    static String config(FunAsrSettings s) {
        return object(g -> {
            g.writeStringField("mode", s.mode().wire());
            g.writeArrayFieldStart("chunk_size");
            for (int n : s.chunkSize()) {
                g.writeNumber(n);
            }
            g.writeEndArray();
            g.writeNumberField("chunk_interval", CHUNK_INTERVAL);
            g.writeStringField("wav_name", s.wavName());
            g.writeStringField("wav_format", "pcm");
            g.writeNumberField("audio_fs", SAMPLE_RATE);
            g.writeBooleanField("is_speaking", true);
            if (!s.hotwords().isEmpty()) {
                g.writeStringField("hotwords", hotwordsJson(s.hotwords()));
            }
            g.writeBooleanField("itn", s.itn());
            g.writeStringField("svs_lang", s.svsLang());
            g.writeBooleanField("svs_itn", s.svsItn());
        });
    }

    /**
     * The end of speech. {@code is_end} asks the newest Python server for its acknowledgement; the C++ servers
     * ignore it and answer {@code is_speaking: false} alone.
     */
    static String endOfSpeech() {
        return object(g -> {
            g.writeBooleanField("is_speaking", false);
            g.writeBooleanField("is_end", true);
        });
    }

    /** {@code {"阿里巴巴":20,"通义实验室":30}}, the form the C++ servers read as weighted FST hotwords. */
    static String hotwordsJson(Map<String, Integer> hotwords) {
        return object(g -> {
            for (Map.Entry<String, Integer> e : hotwords.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
        });
    }

    /**
     * Reads a result. Fields it does not use are skipped whatever their type: {@code timestamp} is a string of JSON
     * on older servers and a number on newer ones, {@code stamp_sents} an array or {@code ""}.
     *
     * @throws IOException when the message is not a JSON object
     */
    static Result parse(String json) throws IOException {
        String mode = "";
        String text = "";
        String error = "";
        boolean isFinal = false;
        boolean isEnd = false;
        OptionalLong start = OptionalLong.empty();
        OptionalLong end = OptionalLong.empty();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object, got '" + abbreviate(json) + "'");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "mode" -> mode = scalar(p, value);
                    case "text" -> text = scalar(p, value);
                    case "error" -> error = scalar(p, value);
                    case "is_final" -> isFinal = truth(p, value);
                    case "is_end" -> isEnd = truth(p, value);
                    case "start_time" -> start = millis(p, value);
                    case "end_time" -> end = millis(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("not a single JSON object: '" + abbreviate(json) + "'");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("not JSON (" + e.getOriginalMessage() + "): '" + abbreviate(json) + "'", e);
        }
        return new Result(mode, text, isFinal, isEnd, error, start, end);
    }

    /** A string or a number as text; {@code null} as {@code ""}; an object or array as {@code ""} (skipped). */
    private static String scalar(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return "";
        }
        if (value.isStructStart()) {
            p.skipChildren();
            return "";
        }
        return p.getText();
    }

    private static boolean truth(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_TRUE -> true;
            case VALUE_NUMBER_INT -> p.getLongValue() != 0;
            case VALUE_STRING -> p.getText().equalsIgnoreCase("true");
            default -> {
                p.skipChildren();
                yield false;
            }
        };
    }

    private static OptionalLong millis(JsonParser p, JsonToken value) throws IOException {
        if (value.isNumeric()) {
            return OptionalLong.of(Math.round(p.getDoubleValue()));
        }
        p.skipChildren();
        return OptionalLong.empty();
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
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
