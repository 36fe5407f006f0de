package dev.videochat.examples.web;

import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON the page reads: compact, fields in order, decimals as Java prints them, script-safe text. */
class WebDemoJsonTest {

    @Test
    void textThatCouldCloseAScriptOrEndALineOfScriptIsEscaped() {
        assertEquals("{\"text\":\"\\u003c/script> \\u2028\\u2029 \\\"q\\\" \\n 中文\"}",
                Json.object(Map.of("text", "</script> \u2028\u2029 \"q\" \n 中文")));
    }

    @Test
    void numbersKeepTheirFormAndWhatIsNotFiniteIsNull() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("whole", 3);
        values.put("long", 5_000_000_000L);
        values.put("seconds", 1.0);
        values.put("bar", List.of(0.25, 0.5));
        values.put("nan", Double.NaN);
        values.put("none", null);
        values.put("yes", true);
        assertEquals("{\"whole\":3,\"long\":5000000000,\"seconds\":1.0,\"bar\":[0.25,0.5],\"nan\":null,"
                + "\"none\":null,\"yes\":true}", Json.object(values));
    }

    @Test
    void aPacketsMetricsAreSecondsRoundedToTheMillisecond() {
        PacketMetrics packet = new PacketMetrics(0, "Hello.", Duration.ofNanos(680_400_000),
                Duration.ofNanos(1_499_999), Duration.ofMillis(92), Duration.ofMillis(153), Duration.ofMillis(176),
                Duration.ofMillis(253));
        assertEquals("{\"turn\":\"s1-t1\",\"index\":0,\"text\":\"Hello.\",\"media\":0.68,\"llm\":0.001,"
                + "\"tts\":0.092,\"thg\":0.153,\"mux\":0.176,\"cost\":0.253}",
                TurnEventJson.of(new TurnEvent.PacketMetricsReady("s1-t1", packet)));
    }

    @Test
    void aCancelledTurnCarriesItsMetricsWithNullForWhatNeverHappened() {
        TurnMetrics metrics = new TurnMetrics("s1-t2", List.of(), Duration.ZERO, Optional.empty(), 0,
                Optional.empty(), Optional.empty(), Duration.ofMillis(40));
        String json = TurnEventJson.of(new TurnEvent.Cancelled("s1-t2", metrics));
        assertTrue(json.startsWith("{\"turn\":\"s1-t2\",\"metrics\":{\"packets\":[],\"asr\":0.0,"
                + "\"llmFirstDelta\":null,\"ttsFirstAudio\":null,\"firstPacketLatency\":null,\"total\":0.04,"
                + "\"media\":0.0,\"table\":\""), json);
        assertTrue(json.endsWith("\",\"waterfall\":[]}}"), json);
        assertEquals("cancelled", TurnEventJson.name(new TurnEvent.Cancelled("s1-t2", metrics)));
    }
}
