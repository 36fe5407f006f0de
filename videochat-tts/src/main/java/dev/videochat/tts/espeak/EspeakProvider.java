package dev.videochat.tts.espeak;

import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.config.Settings;
import dev.videochat.core.tts.MultilingualSynthesizer;
import dev.videochat.tts.text.TextPreparation;

import java.util.HashMap;
import java.util.Map;

/**
 * Provider {@code "espeak"}: espeak-ng in-process through libespeak-ng (formant synthesis, 22,050 Hz) for about a
 * hundred languages including Mandarin, Cantonese ({@code yue}), English, German, French, Spanish and Japanese.
 * Needs the library ({@code apt-get install -y libespeak-ng1 espeak-ng-data}); a
 * {@link dev.videochat.api.ConfigurationException} says so when it is missing.
 *
 * <p>Chinese in the text is spoken by the Mandarin voice and the rest by the default voice (Latin words inside a
 * Chinese sentence in English): settings {@code voice.<language>} pick the voice of each language, and
 * {@code voice.zh} defaults to {@code cmn-latn-pinyin}.
 *
 * <p>Settings: {@code voice}, {@code voice.<language>}, {@code speed} (words per minute), {@code pitch} (0..99),
 * {@code amplitude} (0..200), {@code word-gap} (10 ms units), {@code data-path}, {@code clean-text},
 * {@code max-chars}.
 */
public final class EspeakProvider implements SpeechSynthesizerProvider {

    @Override
    public String name() {
        return EspeakSynthesizer.NAME;
    }

    @Override
    public String description() {
        return "espeak-ng in-process, ~100 languages including Mandarin (22.05 kHz); needs libespeak-ng1";
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.TTS, name(), settings);
        EspeakOptions options = EspeakOptions.from(s);
        EspeakSynthesizer engine = new EspeakSynthesizer(EspeakNative.load(options.dataPath()), options,
                TextPreparation.from(s, 4_000, 16_000));
        Map<String, String> perLanguage = new HashMap<>(settings);
        if (!engine.defaultVoice().canSpeak("zh")
                && engine.voices().stream().anyMatch(v -> v.id().equals(EspeakSynthesizer.MANDARIN_VOICE))) {
            perLanguage.putIfAbsent("voice.zh", EspeakSynthesizer.MANDARIN_VOICE);
        }
        return MultilingualSynthesizer.perLanguageVoices(engine, perLanguage);
    }

    /** Whether libespeak-ng can be loaded on this machine. */
    public static boolean isAvailable() {
        return EspeakNative.isAvailable();
    }

    /** The engine alone (no per-language routing), with {@code voice} as its default; for the offline voices. */
    static SpeechSynthesizer engine(Map<String, String> settings) {
        Settings s = Settings.of(Stage.TTS, EspeakSynthesizer.NAME, settings);
        EspeakOptions options = EspeakOptions.from(s);
        return new EspeakSynthesizer(EspeakNative.load(options.dataPath()), options,
                TextPreparation.from(s, 4_000, 16_000));
    }

    /** The Mandarin voice of an espeak engine. */
    static Voice mandarin(SpeechSynthesizer engine) {
        return engine.voices().stream().filter(v -> v.id().equals(EspeakSynthesizer.MANDARIN_VOICE)).findFirst()
                .orElseThrow(() -> new dev.videochat.api.ConfigurationException(Stage.TTS, EspeakSynthesizer.NAME,
                        "this espeak-ng has no " + EspeakSynthesizer.MANDARIN_VOICE + " voice; install espeak-ng-data"));
    }
}
