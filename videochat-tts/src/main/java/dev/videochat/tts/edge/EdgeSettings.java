package dev.videochat.tts.edge;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

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
    /** The provider's setting keys. */
    static final Set<String> NAMES = Set.of("voice", "rate", "pitch", "volume", "word-boundaries", "chromium-version",
            "url", "connect-timeout", "idle-timeout", TextPreparation.CLEAN_TEXT, TextPreparation.MAX_CHARS);

    /** From the provider's string settings, through {@link EdgeTtsSynthesizer.Builder}. */
    static EdgeSettings from(Map<String, String> raw) {
        Settings s = Settings.of(Stage.TTS, EdgeTtsProvider.NAME, raw, NAMES);
        EdgeTtsSynthesizer.Builder b = EdgeTtsSynthesizer.builder();
        s.ifSet("voice", b::voice);
        s.ifSet("rate", v -> b.rate(signed(s, "rate", v, "%")));
        s.ifSet("pitch", v -> b.pitch(signed(s, "pitch", v, "Hz")));
        s.ifSet("volume", v -> b.volume(signed(s, "volume", v, "%")));
        s.ifBoolean("word-boundaries", b::wordBoundaries);
        s.ifSet("chromium-version", b::chromiumVersion);
        s.ifUri("url", b::url);
        s.ifDuration("connect-timeout", b::connectTimeout);
        s.ifDuration("idle-timeout", b::idleTimeout);
        s.ifBoolean(TextPreparation.CLEAN_TEXT, b::cleanText);
        s.ifInt(TextPreparation.MAX_CHARS, b::maxChars);
        return b.settings();
    }

    /** {@code +10%} as 10, {@code -5Hz} as -5: a signed whole number with its unit. */
    private static int signed(Settings s, String key, String value, String unit) {
        if (!value.matches("[+-]\\d{1,6}" + unit)) {
            throw s.error("setting '" + key + "' must look like +10" + unit + " or -5" + unit + ", got '" + value
                    + "'");
        }
        return Integer.parseInt(value.substring(0, value.length() - unit.length()));
    }

    /** The major version, for the User-Agent. */
    String chromiumMajor() {
        int dot = chromiumVersion.indexOf('.');
        return dot < 0 ? chromiumVersion : chromiumVersion.substring(0, dot);
    }
}
