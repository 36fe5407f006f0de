package dev.videochat.tts.espeak;

import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.util.Map;
import java.util.Set;

/**
 * Provider {@code "espeak"}: espeak-ng in-process through libespeak-ng (formant synthesis, 22,050 Hz) for about a
 * hundred languages including Mandarin, Cantonese ({@code yue}), English, German, French, Spanish and Japanese.
 * Needs the library ({@code apt-get install -y libespeak-ng1 espeak-ng-data}); a
 * {@link dev.videochat.api.ConfigurationException} says so when it is missing.
 *
 * <p>Chinese in the text is spoken by the Mandarin voice and the rest by the default voice (Latin words inside a
 * Chinese sentence in English): settings {@code voice.<language>} pick the voice of each language ({@code voice-zh}
 * as well, which is how an environment variable {@code ..._VOICE_ZH} arrives), and {@code voice.zh} defaults to
 * {@code cmn-latn-pinyin}.
 *
 * <p>Settings, each mapped onto the {@link EspeakSynthesizer#builder()} method of the same name
 * ({@code voice.<language>} onto {@code voice(language, voice)}): {@code voice}, {@code voice.<language>},
 * {@code speed} (words per minute), {@code pitch} (0..99), {@code amplitude} (0..200), {@code word-gap} (10 ms
 * units), {@code data-path}, {@code clean-text}, {@code max-chars}.
 */
public final class EspeakProvider implements SpeechSynthesizerProvider {

    private static final Set<String> SETTINGS = Set.of("voice", "voice.*", "voice-*", "speed", "pitch", "amplitude",
            "word-gap", "data-path", TextPreparation.CLEAN_TEXT, TextPreparation.MAX_CHARS);

    @Override
    public String name() {
        return EspeakSynthesizer.NAME;
    }

    @Override
    public String description() {
        return "espeak-ng in-process, ~100 languages including Mandarin (22.05 kHz); needs libespeak-ng1";
    }

    @Override
    public Set<String> settingNames() {
        return SETTINGS;
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        EspeakSynthesizer.Builder builder = EspeakSynthesizer.builder();
        Settings s = Settings.of(Stage.TTS, name(), settings, SETTINGS);
        configure(s, builder);
        return s.build(builder::build, Map.of("voice(String)", "voice"));
    }

    /**
     * Maps {@code settings} (this provider's keys) onto {@code builder}, as {@link #create(Map)} does; for engines
     * that combine this one with others, such as {@code offline}.
     */
    public static void configure(Settings settings, EspeakSynthesizer.Builder builder) {
        settings.ifSet("voice", builder::voice);
        for (String key : settings.keys()) {
            if (key.startsWith("voice.") || key.startsWith("voice-")) {
                settings.ifSet(key, voice -> builder.voice(key.substring("voice.".length()), voice));
            }
        }
        settings.ifInt("speed", builder::speed);
        settings.ifInt("pitch", builder::pitch);
        settings.ifInt("amplitude", builder::amplitude);
        settings.ifInt("word-gap", builder::wordGap);
        settings.ifPath("data-path", builder::dataPath);
        settings.ifBoolean(TextPreparation.CLEAN_TEXT, builder::cleanText);
        settings.ifInt(TextPreparation.MAX_CHARS, builder::maxChars);
    }

    /** Whether libespeak-ng can be loaded on this machine. */
    public static boolean isAvailable() {
        return EspeakNative.isAvailable();
    }
}
