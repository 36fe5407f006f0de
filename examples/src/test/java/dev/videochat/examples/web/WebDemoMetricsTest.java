package dev.videochat.examples.web;

import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import dev.videochat.micrometer.VideoChatMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /metrics} over real HTTP on loopback: the engine's meters after a turn, in Prometheus' text format. */
@Timeout(60)
class WebDemoMetricsTest {

    private final StageLog log = new StageLog();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private VideoChatEngine engine;
    private WebDemo demo;

    private DemoClient start(boolean metrics) throws Exception {
        SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
        SimulatedTalkingHead thg = new SimulatedTalkingHead(16, 25, Duration.ZERO, log);
        engine = VideoChatEngine.builder().synthesizer(tts).talkingHead(thg).muxer(new FakeFmp4Muxer())
                .observer(new VideoChatMetrics(registry)).build();
        WebDemo.Builder builder = WebDemo.builder(new DemoEngines(engine, thg.avatars(), tts.voices(), false, false))
                .port(0).webRtc(false);
        demo = (metrics ? builder.metrics(registry) : builder).start();
        return new DemoClient(demo.uri());
    }

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), series + " in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void afterATurnMetricsShowTheTurnItsPacketsAndTheSessionInPrometheusTextFormat() throws Exception {
        DemoClient client = start(true);
        String sid = client.openSession();
        HttpResponse<InputStream> events = client.stream("/api/events?sid=" + sid);
        BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        DemoClient.awaitEvent(lines, "session", sid);
        client.post("/api/say?sid=" + sid, "One sentence here. Another one there. And a third to end."
                .getBytes(StandardCharsets.UTF_8), "text/plain");
        DemoClient.awaitEvent(lines, "done", "firstPacketLatency");
        events.body().close();

        HttpResponse<String> metrics = client.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals(MetricsEndpoint.CONTENT_TYPE, metrics.headers().firstValue("Content-Type").orElseThrow());
        String text = metrics.body();
        assertEquals(1, value(text, "videochat_sessions_open"));
        assertEquals(1, value(text, "videochat_sessions_opened_total"));
        assertEquals(1, value(text, "videochat_turns_total{outcome=\"done\"}"));
        assertEquals(0, value(text, "videochat_turns_total{outcome=\"cancelled\"}"));
        assertEquals(1, value(text, "videochat_turn_first_packet_seconds_count"));
        for (String stage : new String[] {"llm", "tts", "thg", "mux"}) {
            assertEquals(3, value(text, "videochat_packet_stage_seconds_count{stage=\"" + stage + "\"}"), stage);
        }
        for (String stage : new String[] {"tts", "thg", "mux"}) {
            assertEquals(0, value(text, "videochat_queue_items{stage=\"" + stage + "\"}"), stage);
        }
        // The session is live: besides the answer's 1.14 s of speech (28 frames at 25 fps), idle frames keep coming.
        assertTrue(value(text, "videochat_frames_written_total") >= 28, text);
        assertTrue(Double.isNaN(value(text, "videochat_thg_capacity_sessions")));
    }

    @Test
    void metricsAreServedOnlyWhenAskedFor() throws Exception {
        DemoClient client = start(false);
        assertEquals(404, client.get("/metrics").statusCode());
    }

    @Test
    void metricsTakeGetOnly() throws Exception {
        DemoClient client = start(true);
        HttpResponse<String> r = client.post("/metrics", new byte[0], "text/plain");
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("Allow").orElseThrow());
    }
}
