package dev.videochat.examples.web;

import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The waterfall's bars rebuilt from per-packet durations, on hand-made metrics whose timeline is known. */
class StageWaterfallTest {

    @Test
    void barsFollowThePipelineOrderFromTheTurnsStart() {
        // Packet 0: cut at 0.2 s, speech 0.2-0.5 s, animation 0.2-0.6 s, ready at 0.7 s after 0.05 s of muxing.
        // Packet 1: cut at 0.3 s but speech is busy until 0.5 s: speech 0.5-0.7 s, animation 0.6-0.9 s, ready at 1 s.
        TurnMetrics metrics = metrics(Duration.ZERO,
                packet(0, 200, 300, 400, 50, 700),
                packet(1, 100, 200, 300, 40, 1_000));

        List<Map<String, Object>> rows = StageWaterfall.of(metrics);

        assertEquals(List.of(0.0, 0.2), rows.get(0).get("llm"));
        assertEquals(List.of(0.2, 0.5), rows.get(0).get("tts"));
        assertEquals(List.of(0.2, 0.6), rows.get(0).get("thg"));
        assertEquals(List.of(0.65, 0.7), rows.get(0).get("mux"));
        assertEquals(List.of(0.2, 0.3), rows.get(1).get("llm"));
        assertEquals(List.of(0.5, 0.7), rows.get(1).get("tts"));
        assertEquals(List.of(0.6, 0.9), rows.get(1).get("thg"));
        assertEquals(List.of(0.96, 1.0), rows.get(1).get("mux"));
        assertEquals(1.0, rows.get(1).get("ready"));
    }

    @Test
    void aSpokenQuestionsRecognitionComesBeforeTheFirstCut() {
        TurnMetrics metrics = metrics(Duration.ofMillis(400), packet(0, 100, 100, 100, 10, 800));

        assertEquals(List.of(0.4, 0.5), StageWaterfall.of(metrics).get(0).get("llm"));
    }

    @Test
    void noEstimatedBarEndsAfterThePacketWasReady() {
        // Durations that do not add up (a synthesizer that overlapped packets): the measured ready time wins.
        TurnMetrics metrics = metrics(Duration.ZERO, packet(0, 100, 900, 900, 10, 500));

        Map<String, Object> row = StageWaterfall.of(metrics).get(0);
        assertEquals(List.of(0.1, 0.5), row.get("tts"));
        assertEquals(List.of(0.1, 0.5), row.get("thg"));
    }

    private static PacketMetrics packet(int index, long llm, long tts, long thg, long mux, long cost) {
        return new PacketMetrics(index, "packet " + index, Duration.ofMillis(500), Duration.ofMillis(llm),
                Duration.ofMillis(tts), Duration.ofMillis(thg), Duration.ofMillis(mux), Duration.ofMillis(cost));
    }

    private static TurnMetrics metrics(Duration asr, PacketMetrics... packets) {
        return new TurnMetrics("s-t1", List.of(packets), asr, Optional.empty(), 0, Optional.empty(),
                Optional.empty(), Duration.ofSeconds(1));
    }
}
