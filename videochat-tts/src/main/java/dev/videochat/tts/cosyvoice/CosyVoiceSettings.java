package dev.videochat.tts.cosyvoice;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the {@code cosyvoice} engine.
 *
 * @param url            the WebSocket endpoint
 * @param apiKey         the DashScope key (never logged)
 * @param model          {@code cosyvoice-v1}, {@code cosyvoice-v2}, {@code cosyvoice-v3-flash}, ...
 * @param voice          the default voice; it must belong to the model
 * @param format         the encoding asked of the service; the handler always gets 16-bit mono PCM
 * @param sampleRate     the rate asked for, Hz (8,000, 16,000, 22,050, 24,000, 44,100 or 48,000); MP3 is decoded
 *                       to it, a WAV stream keeps the rate its header gives
 * @param volume         0 to 100
 * @param rate           speaking speed, 0.5 to 2
 * @param pitch          0.5 to 2
 * @param connectTimeout for the WebSocket handshake
 * @param idleTimeout    the longest wait for the next server message before the synthesis fails
 * @param text           cleaning and splitting of the text (one continue-task message per piece)
 * @param maxTaskChars   the most characters of cleaned text in one task, counting CJK twice as the service does;
 *                       longer text goes out in several tasks, one after another
 */
record CosyVoiceSettings(URI url, String apiKey, String model, String voice, CosyVoiceFormat format, int sampleRate,
                         int volume, double rate, double pitch, Duration connectTimeout, Duration idleTimeout,
                         TextPreparation text, int maxTaskChars) {

    /** The service's limit of characters per task (CJK counted twice). */
    static final int SERVICE_TASK_LIMIT = 200_000;

    static final String DEFAULT_URL = "wss://dashscope.aliyuncs.com/api-ws/v1/inference";
    /** The provider's setting keys. */
    static final Set<String> NAMES = Set.of("url", "api-key", "api-key-env", "model", "voice", "format",
            "sample-rate", "volume", "rate", "pitch", "connect-timeout", "idle-timeout", TextPreparation.CLEAN_TEXT,
            TextPreparation.MAX_CHARS, "max-task-chars");

    @Override
    public String toString() {
        return "CosyVoiceSettings[url=" + url + ", model=" + model + ", voice=" + voice + ", format=" + format.wireName()
                + ", sampleRate=" + sampleRate + "]";
    }

    /**
     * From the provider's string settings, through {@link CosyVoiceSynthesizer.Builder}; {@code env} stands for the
     * process environment.
     */
    static CosyVoiceSettings from(Map<String, String> raw, Map<String, String> env) {
        Settings s = Settings.of(Stage.TTS, CosyVoiceProvider.NAME, raw, NAMES);
        CosyVoiceSynthesizer.Builder b = CosyVoiceSynthesizer.builder().environment(env::get);
        s.ifUri("url", b::url);
        s.ifSet("api-key", b::apiKey);
        s.ifSet("api-key-env", b::apiKeyEnv);
        s.ifSet("model", b::model);
        s.ifSet("voice", b::voice);
        s.ifChoice("format", CosyVoiceFormat.class, b::format);
        s.ifInt("sample-rate", b::sampleRate);
        s.ifInt("volume", b::volume);
        s.ifDouble("rate", b::rate);
        s.ifDouble("pitch", b::pitch);
        s.ifDuration("connect-timeout", b::connectTimeout);
        s.ifDuration("idle-timeout", b::idleTimeout);
        s.ifBoolean(TextPreparation.CLEAN_TEXT, b::cleanText);
        s.ifInt(TextPreparation.MAX_CHARS, b::maxChars);
        s.ifInt("max-task-chars", b::maxTaskChars);
        return b.settings();
    }
}
