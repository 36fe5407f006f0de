package dev.videochat.examples.web;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnMetrics;
import dev.videochat.core.pipeline.MetricsTable;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Turn events as the page's server-sent events: a name per event type and a JSON object, times in seconds. */
final class TurnEventJson {

    private TurnEventJson() {
    }

    /** The SSE event name of {@code event}. */
    static String name(TurnEvent event) {
        if (event instanceof TurnEvent.Transcribed) {
            return "transcribed";
        } else if (event instanceof TurnEvent.PacketReady) {
            return "packet";
        } else if (event instanceof TurnEvent.SegmentReady) {
            return "segment";
        } else if (event instanceof TurnEvent.PacketMetricsReady) {
            return "metrics";
        } else if (event instanceof TurnEvent.Done) {
            return "done";
        } else if (event instanceof TurnEvent.Failed) {
            return "failed";
        }
        return "cancelled";
    }

    /** The data of {@code event}. */
    static String of(TurnEvent event) {
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("turn", event.turnId());
            if (event instanceof TurnEvent.Transcribed t) {
                json.writeStringField("text", t.transcript().text());
            } else if (event instanceof TurnEvent.PacketReady p) {
                json.writeNumberField("index", p.packet().index());
                json.writeStringField("text", p.packet().text());
            } else if (event instanceof TurnEvent.SegmentReady s) {
                json.writeNumberField("packet", s.packetIndex());
                json.writeNumberField("sequence", s.segment().sequence());
                json.writeStringField("format", s.segment().format().name());
                Json.seconds(json, "start", s.segment().start());
                Json.seconds(json, "duration", s.segment().duration());
                json.writeNumberField("bytes", s.segment().size());
            } else if (event instanceof TurnEvent.PacketMetricsReady m) {
                packetFields(json, m.metrics());
            } else if (event instanceof TurnEvent.Done d) {
                json.writeStringField("answer", d.answer());
                turn(json, d.metrics());
            } else if (event instanceof TurnEvent.Failed f) {
                json.writeStringField("error", f.error().getMessage());
                turn(json, f.metrics());
            } else if (event instanceof TurnEvent.Cancelled c) {
                turn(json, c.metrics());
            }
            json.writeEndObject();
        });
    }

    /** The field {@code metrics}: every packet, the turn's latencies and totals, its table and waterfall. */
    private static void turn(JsonGenerator json, TurnMetrics m) throws IOException {
        json.writeObjectFieldStart("metrics");
        json.writeArrayFieldStart("packets");
        for (PacketMetrics p : m.packets()) {
            json.writeStartObject();
            packetFields(json, p);
            json.writeEndObject();
        }
        json.writeEndArray();
        Json.seconds(json, "asr", m.asr());
        seconds(json, "llmFirstDelta", m.llmFirstDelta());
        seconds(json, "ttsFirstAudio", m.ttsFirstAudio());
        seconds(json, "firstPacketLatency", m.firstPacketLatency());
        Json.seconds(json, "total", m.total());
        Json.seconds(json, "media", m.mediaDuration());
        json.writeStringField("table", MetricsTable.of(m));
        json.writeFieldName("waterfall");
        Json.value(json, StageWaterfall.of(m));
        json.writeEndObject();
    }

    private static void packetFields(JsonGenerator json, PacketMetrics p) throws IOException {
        json.writeNumberField("index", p.index());
        json.writeStringField("text", p.text());
        Json.seconds(json, "media", p.media());
        Json.seconds(json, "llm", p.llm());
        Json.seconds(json, "tts", p.tts());
        Json.seconds(json, "thg", p.thg());
        Json.seconds(json, "mux", p.mux());
        Json.seconds(json, "cost", p.cost());
    }

    /** The field {@code name}: seconds, or {@code null} when the turn never got that far. */
    private static void seconds(JsonGenerator json, String name, Optional<Duration> duration) throws IOException {
        if (duration.isPresent()) {
            Json.seconds(json, name, duration.get());
        } else {
            json.writeNullField(name);
        }
    }
}
