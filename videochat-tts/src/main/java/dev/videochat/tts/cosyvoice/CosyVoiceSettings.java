package dev.videochat.tts.cosyvoice;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

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

    @Override
    public String toString() {
        return "CosyVoiceSettings[url=" + url + ", model=" + model + ", voice=" + voice + ", format=" + format.wireName()
                + ", sampleRate=" + sampleRate + "]";
    }

    static CosyVoiceSettings from(Map<String, String> raw, Map<String, String> env) {
        Settings s = Settings.of(Stage.TTS, CosyVoiceProvider.NAME, raw);
        String keyVariable = s.get("api-key-env", "DASHSCOPE_API_KEY");
        String key = s.get("api-key").orElseGet(() -> env.getOrDefault(keyVariable, ""));
        if (key.isBlank()) {
            throw s.error("no DashScope API key: set the environment variable " + keyVariable
                    + " (get a key in the Model Studio console)");
        }
        int rate = s.getInt("sample-rate", 22_050, 8_000, 48_000);
        if (rate != 8_000 && rate != 16_000 && rate != 22_050 && rate != 24_000 && rate != 44_100 && rate != 48_000) {
            throw s.error("setting 'sample-rate' must be one of 8000, 16000, 22050, 24000, 44100, 48000; got " + rate);
        }
        CosyVoiceFormat format;
        try {
            format = CosyVoiceFormat.parse(s.get("format", "pcm"));
        } catch (IllegalArgumentException e) {
            throw s.error(e.getMessage());
        }
        return new CosyVoiceSettings(
                s.getUri("url", DEFAULT_URL), key,
                s.get("model", "cosyvoice-v2"),
                s.get("voice", "longxiaochun_v2"),
                format,
                rate,
                s.getInt("volume", 50, 0, 100),
                s.getDouble("rate", 1.0, 0.5, 2.0),
                s.getDouble("pitch", 1.0, 0.5, 2.0),
                s.getDuration("connect-timeout", Duration.ofSeconds(10)),
                s.getDuration("idle-timeout", Duration.ofSeconds(20)),
                TextPreparation.from(s, CosyVoiceSynthesizer.MAX_CHARS_PER_MESSAGE,
                        CosyVoiceSynthesizer.MAX_CHARS_PER_MESSAGE),
                s.getInt("max-task-chars", CosyVoiceSynthesizer.MAX_CHARS_PER_TASK, 4, SERVICE_TASK_LIMIT));
    }
}
