package dev.videochat.tts.offline;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.core.tts.MultilingualSynthesizer;
import dev.videochat.tts.espeak.EspeakProvider;
import dev.videochat.tts.freetts.FreeTtsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The voices that need no server: English by FreeTTS (inside the JVM, always there) and Chinese by espeak-ng's
 * Mandarin in-process where libespeak-ng1 is installed, routed per language run
 * ({@link MultilingualSynthesizer}), so a Chinese sentence with an English word in it is spoken by both. Without the
 * library, Chinese text fails with a message that says what to install.
 */
public final class OfflineVoices {

    static final String NAME = "offline";
    static final String NO_VOICE_HINT = "for Chinese install libespeak-ng1 (apt-get install -y libespeak-ng1 "
            + "espeak-ng-data), which the offline voices then use for Mandarin; or use a CosyVoice / GPT-SoVITS / "
            + "edge-tts voice (VIDEOCHAT_TTS=cosyvoice, gpt-sovits or edge-tts in the examples)";
    private static final Logger log = LoggerFactory.getLogger(OfflineVoices.class);

    private OfflineVoices() {
    }

    /** The offline voices with every setting at its default. */
    public static SpeechSynthesizer create() {
        return create(Map.of());
    }

    /**
     * The offline voices; settings prefixed {@code freetts.} and {@code espeak.} go to each engine (for example
     * {@code freetts.rate}, {@code espeak.speed}; {@code espeak-speed} as well, which is how an environment variable
     * {@code ..._ESPEAK_SPEED} arrives).
     */
    public static SpeechSynthesizer create(Map<String, String> settings) {
        SpeechSynthesizer english = new FreeTtsProvider().create(under(settings, "freetts."));
        MultilingualSynthesizer.Builder voices = MultilingualSynthesizer.builder()
                .voice("en", english, english.defaultVoice())
                .whenNoVoice(NO_VOICE_HINT);
        String named = settings.getOrDefault("voice", "").strip();
        boolean namedIsEnglish = english.voices().stream().anyMatch(v -> v.id().equalsIgnoreCase(named));
        if (EspeakProvider.isAvailable()) {
            Map<String, String> espeak = under(settings, "espeak.");
            if (!named.isEmpty() && !namedIsEnglish) {
                espeak.put("voice", named);
            }
            espeak.putIfAbsent("voice", "cmn-latn-pinyin");
            SpeechSynthesizer mandarin;
            try {
                mandarin = new EspeakProvider().create(espeak);
            } catch (ConfigurationException e) {
                english.close();
                if (!named.isEmpty() && !namedIsEnglish) {
                    throw unknownVoice(named, "kevin16 (English), cmn-latn-pinyin and the other espeak-ng voices");
                }
                throw e;
            }
            voices.voice("zh", mandarin, mandarin.defaultVoice());
        } else if (!named.isEmpty() && !namedIsEnglish) {
            english.close();
            throw unknownVoice(named, "kevin16 (English; cmn-latn-pinyin too once libespeak-ng1 is installed)");
        } else {
            log.info("[TTS/offline] libespeak-ng is not installed: English only (apt-get install -y libespeak-ng1 "
                    + "espeak-ng-data for Mandarin)");
        }
        return voices.build();
    }

    private static ConfigurationException unknownVoice(String named, String known) {
        return new ConfigurationException(Stage.TTS, NAME, "setting 'voice' names '" + named
                + "', which no offline voice is; the offline voices are " + known);
    }

    private static Map<String, String> under(Map<String, String> settings, String prefix) {
        Map<String, String> out = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k != null && (k.startsWith(prefix) || k.startsWith(prefix.replace('.', '-')))) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
