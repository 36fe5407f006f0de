package dev.videochat.realtime;

import dev.videochat.core.testing.LoopbackWebSocketServer;
import dev.videochat.core.testing.LoopbackWebSocketServer.Connection;
import dev.videochat.realtime.RealtimeEvents.ServerEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server side of the Realtime protocol, written from its event reference: it answers session.update with
 * session.updated, commits with committed (and a transcription when asked), and each response.create as
 * {@link #answer} says. Every server event goes out as a fragmented WebSocket text message, and the audio in
 * deltas of odd byte lengths, so that samples straddle deltas.
 */
final class RealtimePeer implements LoopbackWebSocketServer.Handler {

    /** What the peer does with a response.create. */
    enum Answer {
        /** Streams the whole answer and response.done completed. */
        SPEAK,
        /** Starts the answer (one audio delta), then waits for response.cancel; then sends late deltas. */
        HOLD,
        /** Sends nothing at all. */
        SILENT,
        /** Sends an error event naming the response.create. */
        RATE_LIMITED,
        /** Starts the answer, then drops the TCP connection. */
        DROP,
        /** Starts the answer, then ends it with response.done status failed and the server's error. */
        FAILED
    }

    static final String TRANSCRIPT_OF_USER = "what time is it";
    static final List<String> TRANSCRIPT = List.of("It is ", "ten o'", "clock. ", "十点", "整。");
    /** The answer's audio: 0.3 s of a 440 Hz tone at 24 kHz. */
    static final short[] AUDIO = tone(7_200);
    /** Sizes of the audio deltas in bytes, in turn: all odd, so samples straddle deltas. */
    private static final int[] DELTA_BYTES = {1_001, 2_399, 7, 4_801};

    volatile Answer answer = Answer.SPEAK;
    /** When set, session.updated reports this output format instead of the one asked for. */
    volatile String outputFormat;
    final CountDownLatch cancelSeen = new CountDownLatch(1);
    final CountDownLatch truncateSeen = new CountDownLatch(1);
    final CountDownLatch responseAsked = new CountDownLatch(1);
    final ByteArrayOutputStream appended = new ByteArrayOutputStream();
    private final AtomicInteger responses = new AtomicInteger();
    private volatile String holding;

    @Override
    public synchronized void onText(Connection c, String text) throws IOException {
        ServerEvent e = RealtimeEvents.parse(text);
        switch (e.type()) {
            case "session.update" -> send(c, RealtimeEvents.object(g -> {
                g.writeStringField("type", "session.updated");
                g.writeObjectFieldStart("session");
                g.writeStringField("voice", e.getOr("session.voice", ""));
                g.writeStringField("output_audio_format",
                        outputFormat != null ? outputFormat : e.getOr("session.output_audio_format", "pcm16"));
                g.writeEndObject();
            }));
            case "input_audio_buffer.append" -> appended.write(Base64.getDecoder().decode(e.getOr("audio", "")));
            case "input_audio_buffer.commit" -> {
                send(c, "{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_u1\"}");
                send(c, RealtimeEvents.object(g -> {
                    g.writeStringField("type", "conversation.item.input_audio_transcription.completed");
                    g.writeStringField("item_id", "item_u1");
                    g.writeNumberField("content_index", 0);
                    g.writeStringField("transcript", TRANSCRIPT_OF_USER);
                }));
            }
            case "response.create" -> {
                responseAsked.countDown();
                respond(c, e.getOr("event_id", ""));
            }
            case "response.cancel" -> {
                cancelSeen.countDown();
                String id = holding;
                if (id != null) {
                    holding = null;
                    // Deltas already on their way when the cancel arrived, then the confirmation.
                    audioDelta(c, id, 0, 4_000);
                    transcriptDelta(c, id, "too late");
                    send(c, done(id, "cancelled", "client_cancelled"));
                }
            }
            case "conversation.item.truncate" -> {
                truncateSeen.countDown();
                send(c, "{\"type\":\"conversation.item.truncated\",\"item_id\":\"" + e.getOr("item_id", "") + "\"}");
            }
            default -> { }
        }
    }

    /** What a server with VAD on does when it hears the user stop: commits the audio and answers unasked. */
    synchronized void serverVadTurn(Connection c) throws IOException {
        send(c, "{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":0,\"item_id\":\"item_u1\"}");
        send(c, "{\"type\":\"input_audio_buffer.speech_stopped\",\"audio_end_ms\":250,\"item_id\":\"item_u1\"}");
        send(c, "{\"type\":\"input_audio_buffer.committed\",\"item_id\":\"item_u1\"}");
        respond(c, "");
    }

    private void respond(Connection c, String requestEventId) throws IOException {
        if (answer == Answer.SILENT) {
            return;
        }
        if (answer == Answer.RATE_LIMITED) {
            send(c, RealtimeEvents.object(g -> {
                g.writeStringField("type", "error");
                g.writeStringField("event_id", "event_9");
                g.writeObjectFieldStart("error");
                g.writeStringField("type", "invalid_request_error");
                g.writeStringField("code", "rate_limit_exceeded");
                g.writeStringField("message", "Rate limit reached for requests per minute");
                g.writeStringField("event_id", requestEventId);
                g.writeEndObject();
            }));
            return;
        }
        int n = responses.incrementAndGet();
        String id = "resp_" + n;
        send(c, "{\"type\":\"response.created\",\"response\":{\"id\":\"" + id + "\",\"status\":\"in_progress\"}}");
        send(c, "{\"type\":\"response.output_item.added\",\"response_id\":\"" + id + "\",\"output_index\":0,"
                + "\"item\":{\"id\":\"item_a" + n + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}");
        if (answer == Answer.HOLD) {
            holding = id;
            audioDelta(c, id, 0, 4_800);
            return;
        }
        if (answer == Answer.FAILED) {
            send(c, "{\"type\":\"response.done\",\"response\":{\"id\":\"" + id + "\",\"status\":\"failed\","
                    + "\"status_details\":{\"type\":\"failed\",\"error\":{\"type\":\"server_error\","
                    + "\"code\":\"server_error\",\"message\":\"The model produced invalid audio\"}}}}");
            return;
        }
        if (answer == Answer.DROP) {
            audioDelta(c, id, 0, 4_800);
            c.drop();
            return;
        }
        byte[] pcm = bytes(AUDIO);
        for (int at = 0, k = 0; at < pcm.length; k++) {
            int len = Math.min(DELTA_BYTES[k % DELTA_BYTES.length], pcm.length - at);
            audioDelta(c, id, at, len);
            if (k < TRANSCRIPT.size()) {
                transcriptDelta(c, id, TRANSCRIPT.get(k));
            }
            at += len;
        }
        int deltas = 0;
        for (int at = 0; at < pcm.length; deltas++) {
            at += DELTA_BYTES[deltas % DELTA_BYTES.length];
        }
        for (int k = deltas; k < TRANSCRIPT.size(); k++) {
            transcriptDelta(c, id, TRANSCRIPT.get(k));
        }
        send(c, "{\"type\":\"rate_limits.updated\",\"rate_limits\":[{\"name\":\"tokens\",\"remaining\":1000}]}");
        send(c, done(id, "completed", null));
    }

    private void audioDelta(Connection c, String responseId, int from, int length) throws IOException {
        byte[] pcm = bytes(AUDIO);
        String delta = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(pcm, from, from + length));
        send(c, RealtimeEvents.object(g -> {
            g.writeStringField("type", "response.audio.delta");
            g.writeStringField("response_id", responseId);
            g.writeStringField("item_id", "item_a");
            g.writeNumberField("output_index", 0);
            g.writeNumberField("content_index", 0);
            g.writeStringField("delta", delta);
        }));
    }

    private void transcriptDelta(Connection c, String responseId, String delta) throws IOException {
        send(c, RealtimeEvents.object(g -> {
            g.writeStringField("type", "response.audio_transcript.delta");
            g.writeStringField("response_id", responseId);
            g.writeStringField("delta", delta);
        }));
    }

    private static String done(String id, String status, String reason) {
        return RealtimeEvents.object(g -> {
            g.writeStringField("type", "response.done");
            g.writeObjectFieldStart("response");
            g.writeStringField("id", id);
            g.writeStringField("status", status);
            if (reason != null) {
                g.writeObjectFieldStart("status_details");
                g.writeStringField("type", status);
                g.writeStringField("reason", reason);
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    /** Sends one event in several frames, cut at byte offsets that may fall inside a UTF-8 character. */
    private static void send(Connection c, String event) throws IOException {
        c.sendFragmentedText(event, 2 + Math.floorMod(event.hashCode(), 5));
    }

    static byte[] bytes(short[] samples) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            out[2 * i] = (byte) samples[i];
            out[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return out;
    }

    static short[] tone(int samples) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) (8_000 * Math.sin(2 * Math.PI * 440 * i / 24_000.0));
        }
        return out;
    }
}
