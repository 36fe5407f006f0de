package dev.videochat.tts.edge;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the {@code edge-tts} engine.
 *
 * @param url              the read-aloud WebSocket endpoint, without query
 * @param voice            the default voice, e.g. {@code en-US-AriaNeural}
 * @param prosody          rate, pitch and volume
 * @param chromiumVersion  the Edge version the requests claim (Microsoft rejects old ones; keep it current)
 * @param wordBoundaries   whether to ask for word timings (they can drive lip shapes)
 * @param connectTimeout   for the handshake
 * @param idleTimeout      the longest wait for the next server message
 * @param text             cleaning of the text before it is sent
 */
record EdgeSettings(URI url, String voice, EdgeProsody prosody, String chromiumVersion, boolean wordBoundaries,
                    Duration connectTimeout, Duration idleTimeout, TextPreparation text) {

    static final String DEFAULT_URL = "wss://speech.platform.bing.com/consumer/speech/synthesize/readaloud/edge/v1";

    static EdgeSettings from(Map<String, String> raw) {
        Settings s = Settings.of(Stage.TTS, EdgeTtsProvider.NAME, raw);
        EdgeProsody prosody;
        try {
            prosody = new EdgeProsody(s.get("rate", "+0%"), s.get("pitch", "+0Hz"), s.get("volume", "+0%"));
        } catch (IllegalArgumentException e) {
            throw s.error(e.getMessage());
        }
        String voice = s.get("voice", "en-US-AriaNeural");
        try {
            EdgeMessages.longVoiceName(voice);
        } catch (IllegalArgumentException e) {
            throw s.error(e.getMessage());
        }
        return new EdgeSettings(s.getUri("url", DEFAULT_URL), voice, prosody,
                s.get("chromium-version", "143.0.3650.75"), s.getBoolean("word-boundaries", true),
                s.getDuration("connect-timeout", Duration.ofSeconds(10)),
                s.getDuration("idle-timeout", Duration.ofSeconds(20)),
                TextPreparation.from(s, 100_000, 1_000_000));
    }

    /** The major version, for the User-Agent. */
    String chromiumMajor() {
        int dot = chromiumVersion.indexOf('.');
        return dot < 0 ? chromiumVersion : chromiumVersion.substring(0, dot);
    }
}
