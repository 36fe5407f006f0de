package dev.videochat.asr.funasr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.videochat.core.testing.LoopbackWebSocketServer;
import dev.videochat.core.testing.LoopbackWebSocketServer.Connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The server side of the FunASR runtime WebSocket protocol, for tests: it checks the first message the way the
 * C++ 2pass server depends on it (JSON with {@code chunk_size}, {@code wav_format: pcm}, {@code audio_fs}), keeps
 * every PCM byte, and answers from a {@link Script}: replies after given binary frames and replies to the end of
 * speech, shaped like the C++ 2pass, C++ offline or Python server would send them.
 */
final class FunAsrPeer implements LoopbackWebSocketServer.Handler {

    /** One thing the peer does: send a text message, or break the connection. */
    interface Reply {
        void perform(Connection c) throws IOException;
    }

    /** What the peer answers, and when. */
    interface Script {
        /** Replies right after binary frame number {@code index} (from 0). */
        default List<Reply> afterFrame(int index) {
            return List.of();
        }

        /** Replies to the end of speech, {@code {"is_speaking": false, ...}} as parsed. */
        List<Reply> atEnd(Map<String, Object> endOfSpeech);
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Script script;
    private final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    private final List<Integer> frameSizes = new CopyOnWriteArrayList<>();
    /** Protocol violations seen: each fails the test that checks {@link #problems()}. */
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** Counts down on the first binary frame. */
    final CountDownLatch audioArrived = new CountDownLatch(1);
    /** Counts down when the end of speech arrives. */
    final CountDownLatch speechEnded = new CountDownLatch(1);
    private volatile Map<String, Object> config;
    private volatile Map<String, Object> end;

    FunAsrPeer(Script script) {
        this.script = script;
    }

    static Reply text(String json) {
        return c -> c.sendText(json);
    }

    /** Drops the TCP connection without a close frame: a server that dies. */
    static Reply drop() {
        return Connection::drop;
    }

    @Override
    public void onText(Connection c, String text) throws IOException {
        Map<String, Object> message = parse(text);
        if (config == null) {
            config = message;
            check(message);
            return;
        }
        if (Boolean.FALSE.equals(message.get("is_speaking"))) {
            end = message;
            speechEnded.countDown();
            for (Reply r : script.atEnd(message)) {
                r.perform(c);
            }
        } else {
            problems.add("unexpected text message after the configuration: " + text);
        }
    }

    @Override
    public void onBinary(Connection c, byte[] data) throws IOException {
        if (config == null) {
            problems.add("audio before the configuration: the 2pass server would not decode it");
        }
        if (end != null) {
            problems.add("audio after the end of speech");
        }
        int index;
        synchronized (pcm) {
            pcm.write(data, 0, data.length);
            index = frameSizes.size();
            frameSizes.add(data.length);
        }
        audioArrived.countDown();
        for (Reply r : script.afterFrame(index)) {
            r.perform(c);
        }
    }

    private void check(Map<String, Object> m) {
        Object chunk = m.get("chunk_size");
        if (!(chunk instanceof List<?> l) || l.size() != 3 || !(l.get(1) instanceof Number n) || n.intValue() == 0) {
            problems.add("chunk_size must be three numbers with a middle above 0 (else no result ever comes): " + m);
        }
        if (!"pcm".equals(m.get("wav_format"))) {
            problems.add("wav_format must be pcm: " + m);
        }
        if (!(m.get("audio_fs") instanceof Number fs) || fs.intValue() != 16000) {
            problems.add("audio_fs must be 16000: " + m);
        }
        if (!Boolean.TRUE.equals(m.get("is_speaking"))) {
            problems.add("the first message must say is_speaking true: " + m);
        }
        if (m.containsKey("hotwords") && !(m.get("hotwords") instanceof String)) {
            problems.add("hotwords must be a string (a JSON object written as text): " + m);
        }
    }

    /** The first message, as parsed. */
    Map<String, Object> config() {
        return config;
    }

    /** The end-of-speech message, as parsed, or {@code null} before it came. */
    Map<String, Object> end() {
        return end;
    }

    /** Every PCM byte received, in order. */
    byte[] pcm() {
        synchronized (pcm) {
            return pcm.toByteArray();
        }
    }

    List<Integer> frameSizes() {
        return List.copyOf(frameSizes);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** A flat reading of a JSON object: strings, numbers, booleans, arrays as lists, objects as maps. */
    static Map<String, Object> parse(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object: " + json);
            }
            return object(p);
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            out.put(name, value(p, p.nextToken()));
        }
        return out;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(value(p, e));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> null;
        };
    }
}
