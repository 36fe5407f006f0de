package dev.videochat.examples.web;

import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnMetrics;
import dev.videochat.core.pipeline.MetricsTable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("turn", event.turnId());
        if (event instanceof TurnEvent.Transcribed t) {
            data.put("text", t.transcript().text());
        } else if (event instanceof TurnEvent.PacketReady p) {
            data.put("index", p.packet().index());
            data.put("text", p.packet().text());
        } else if (event instanceof TurnEvent.SegmentReady s) {
            data.put("packet", s.packetIndex());
            data.put("sequence", s.segment().sequence());
            data.put("format", s.segment().format().name());
            data.put("start", seconds(s.segment().start()));
            data.put("duration", seconds(s.segment().duration()));
            data.put("bytes", s.segment().size());
        } else if (event instanceof TurnEvent.PacketMetricsReady m) {
            data.putAll(packet(m.metrics()));
        } else if (event instanceof TurnEvent.Done d) {
            data.put("answer", d.answer());
            data.put("metrics", turn(d.metrics()));
        } else if (event instanceof TurnEvent.Failed f) {
            data.put("error", f.error().getMessage());
            data.put("metrics", turn(f.metrics()));
        } else if (event instanceof TurnEvent.Cancelled c) {
            data.put("metrics", turn(c.metrics()));
        }
        return Json.object(data);
    }

    private static Map<String, Object> turn(TurnMetrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> packets = m.packets().stream().map(TurnEventJson::packet).toList();
        out.put("packets", packets);
        out.put("asr", seconds(m.asr()));
        out.put("llmFirstDelta", m.llmFirstDelta().map(TurnEventJson::seconds).orElse(null));
        out.put("ttsFirstAudio", m.ttsFirstAudio().map(TurnEventJson::seconds).orElse(null));
        out.put("firstPacketLatency", m.firstPacketLatency().map(TurnEventJson::seconds).orElse(null));
        out.put("total", seconds(m.total()));
        out.put("media", seconds(m.mediaDuration()));
        out.put("table", MetricsTable.of(m));
        out.put("waterfall", StageWaterfall.of(m));
        return out;
    }

    private static Map<String, Object> packet(PacketMetrics p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", p.index());
        out.put("text", p.text());
        out.put("media", seconds(p.media()));
        out.put("llm", seconds(p.llm()));
        out.put("tts", seconds(p.tts()));
        out.put("thg", seconds(p.thg()));
        out.put("mux", seconds(p.mux()));
        out.put("cost", seconds(p.cost()));
        return out;
    }

    private static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1e6) / 1e3;
    }
}
