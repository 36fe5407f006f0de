package dev.videochat.examples.web;

import dev.videochat.api.voice.VoiceEvent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the session hears, as the page's {@code voice} server-sent event: {@code kind} names the event
 * ({@code speechStarted}, {@code speechEnded}, {@code noiseIgnored}, {@code ducked}, {@code bargedIn},
 * {@code answering}, {@code unanswered}); times are seconds on the microphone's timeline.
 */
final class VoiceEventJson {

    /** The SSE event name every voice event travels under. */
    static final String NAME = "voice";

    private VoiceEventJson() {
    }

    /** The data of {@code event}. */
    static String of(VoiceEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (event instanceof VoiceEvent.SpeechStarted e) {
            data.put("kind", "speechStarted");
            data.put("at", seconds(e.at()));
        } else if (event instanceof VoiceEvent.SpeechEnded e) {
            data.put("kind", "speechEnded");
            data.put("start", seconds(e.start()));
            data.put("end", seconds(e.end()));
        } else if (event instanceof VoiceEvent.NoiseIgnored e) {
            data.put("kind", "noiseIgnored");
            data.put("length", seconds(e.length()));
        } else if (event instanceof VoiceEvent.Ducked e) {
            data.put("kind", "ducked");
            data.put("turn", e.turnId());
        } else if (event instanceof VoiceEvent.BargedIn e) {
            data.put("kind", "bargedIn");
            data.put("turn", e.turnId());
        } else if (event instanceof VoiceEvent.Answering e) {
            data.put("kind", "answering");
            data.put("turn", e.turnId());
        } else if (event instanceof VoiceEvent.Unanswered e) {
            data.put("kind", "unanswered");
            data.put("start", seconds(e.start()));
            data.put("end", seconds(e.end()));
            data.put("reason", e.reason());
        }
        return Json.object(data);
    }

    private static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1e6) / 1e3;
    }
}
