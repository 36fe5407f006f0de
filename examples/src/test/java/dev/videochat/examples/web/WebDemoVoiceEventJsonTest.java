package dev.videochat.examples.web;

import dev.videochat.api.voice.VoiceEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the page's {@code voice} events carry: a kind, the turn or the times in seconds, and the reason. */
class WebDemoVoiceEventJsonTest {

    @Test
    void speechStartedCarriesItsOnsetInSeconds() {
        assertEquals("{\"kind\":\"speechStarted\",\"at\":1.25}",
                VoiceEventJson.of(new VoiceEvent.SpeechStarted(Duration.ofMillis(1250))));
    }

    @Test
    void speechEndedCarriesTheUtterancesSpan() {
        assertEquals("{\"kind\":\"speechEnded\",\"start\":1.0,\"end\":2.5}",
                VoiceEventJson.of(new VoiceEvent.SpeechEnded(Duration.ofSeconds(1), Duration.ofMillis(2500))));
    }

    @Test
    void bargeInNamesTheTurnItStopped() {
        assertEquals("{\"kind\":\"bargedIn\",\"turn\":\"s1-t3\"}", VoiceEventJson.of(new VoiceEvent.BargedIn("s1-t3")));
    }

    @Test
    void answeringAndDuckingNameTheirTurn() {
        assertEquals("{\"kind\":\"answering\",\"turn\":\"s1-t4\"}",
                VoiceEventJson.of(new VoiceEvent.Answering("s1-t4")));
        assertEquals("{\"kind\":\"ducked\",\"turn\":\"s1-t4\"}", VoiceEventJson.of(new VoiceEvent.Ducked("s1-t4")));
    }

    @Test
    void noiseIgnoredCarriesItsLength() {
        assertEquals("{\"kind\":\"noiseIgnored\",\"length\":0.12}",
                VoiceEventJson.of(new VoiceEvent.NoiseIgnored(Duration.ofMillis(120))));
    }

    @Test
    void unansweredCarriesTheReasonEscaped() {
        assertEquals("{\"kind\":\"unanswered\",\"start\":0.5,\"end\":1.5,\"reason\":\"no \\\"recognizer\\\"\"}",
                VoiceEventJson.of(new VoiceEvent.Unanswered(Duration.ofMillis(500), Duration.ofMillis(1500),
                        "no \"recognizer\"")));
    }
}
