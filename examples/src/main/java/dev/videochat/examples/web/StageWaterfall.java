package dev.videochat.examples.web;

import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each packet's stages sat in time, for the page's waterfall: a {@code [start, end]} pair per stage, in
 * seconds from the turn's start.
 *
 * <p>The metrics hold how long each stage worked on a packet, not when it began, so the starts are rebuilt from
 * the order the pipeline works in:
 * <ul>
 *   <li><b>LLM</b> is exact: a packet's {@code llm} runs from the previous packet's cut (the first one's from the
 *       request, after speech recognition) to its own, so the cuts are the running sum of {@code llm};</li>
 *   <li><b>TTS</b> synthesizes one packet at a time, in order: it starts at the later of the packet's cut and the
 *       previous packet's synthesis end;</li>
 *   <li><b>THG</b> animates one packet at a time and takes its first audio chunk soon after synthesis starts: it
 *       starts at the later of the packet's synthesis start and the previous packet's animation end (an estimate
 *       early by the synthesizer's first-chunk latency);</li>
 *   <li><b>mux</b> is exact at its end, the packet's {@code cost} (its media handed to the outputs); its bar is
 *       the encoding time before that. In a live session the media waits for the wall clock in between, so
 *       {@code cost} is about when the packet plays.</li>
 * </ul>
 * No estimated bar ends after its packet's {@code cost}, which is measured.
 */
final class StageWaterfall {

    private StageWaterfall() {
    }

    /** One row per packet: {@code index}, {@code llm}, {@code tts}, {@code thg}, {@code mux}, {@code ready}. */
    static List<Map<String, Object>> of(TurnMetrics metrics) {
        List<Map<String, Object>> rows = new ArrayList<>();
        long cut = metrics.asr().toNanos();
        long ttsEnd = 0;
        long thgEnd = 0;
        for (PacketMetrics p : metrics.packets()) {
            long ready = p.cost().toNanos();
            long llmStart = cut;
            cut += p.llm().toNanos();
            long ttsStart = Math.max(cut, ttsEnd);
            ttsEnd = ttsStart + p.tts().toNanos();
            long thgStart = Math.max(ttsStart, thgEnd);
            thgEnd = thgStart + p.thg().toNanos();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", p.index());
            row.put("llm", bar(llmStart, cut, ready));
            row.put("tts", bar(ttsStart, ttsEnd, ready));
            row.put("thg", bar(thgStart, thgEnd, ready));
            row.put("mux", bar(ready - p.mux().toNanos(), ready, ready));
            row.put("ready", seconds(ready));
            rows.add(row);
        }
        return rows;
    }

    private static List<Double> bar(long start, long end, long ready) {
        long e = Math.min(end, ready);
        long s = Math.max(0, Math.min(start, e));
        return List.of(seconds(s), seconds(Math.max(s, e)));
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1e3;
    }
}
