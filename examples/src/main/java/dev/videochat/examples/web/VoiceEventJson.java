package dev.videochat.examples.web;

import dev.videochat.api.voice.VoiceEvent;

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
        return Json.write(json -> {
            json.writeStartObject();
            if (event instanceof VoiceEvent.SpeechStarted e) {
                json.writeStringField("kind", "speechStarted");
                Json.seconds(json, "at", e.at());
            } else if (event instanceof VoiceEvent.SpeechEnded e) {
                json.writeStringField("kind", "speechEnded");
                Json.seconds(json, "start", e.start());
                Json.seconds(json, "end", e.end());
            } else if (event instanceof VoiceEvent.NoiseIgnored e) {
                json.writeStringField("kind", "noiseIgnored");
                Json.seconds(json, "length", e.length());
            } else if (event instanceof VoiceEvent.Ducked e) {
                json.writeStringField("kind", "ducked");
                json.writeStringField("turn", e.turnId());
            } else if (event instanceof VoiceEvent.BargedIn e) {
                json.writeStringField("kind", "bargedIn");
                json.writeStringField("turn", e.turnId());
            } else if (event instanceof VoiceEvent.Answering e) {
                json.writeStringField("kind", "answering");
                json.writeStringField("turn", e.turnId());
            } else if (event instanceof VoiceEvent.Unanswered e) {
                json.writeStringField("kind", "unanswered");
                Json.seconds(json, "start", e.start());
                Json.seconds(json, "end", e.end());
                json.writeStringField("reason", e.reason());
            }
            json.writeEndObject();
        });
    }
}
