package dev.videochat.tts.espeak;

import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.TtsProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.util.Map;

/**
 * Provider {@code "espeak"}: the espeak-ng program (formant synthesis, 22,050 Hz) for about a hundred languages
 * including Mandarin ({@code cmn}), Cantonese ({@code yue}), English, German, French, Spanish and Japanese. Needs
 * espeak-ng installed ({@code apt-get install espeak-ng}); a {@link dev.videochat.api.ConfigurationException}
 * says so when it is missing.
 *
 * <p>Settings: {@code executable}, {@code voice}, {@code speed} (words per minute), {@code pitch} (0..99),
 * {@code amplitude} (0..200), {@code word-gap} (10 ms units), {@code clean-text}, {@code max-chars}.
 */
public final class EspeakProvider implements TtsProvider {

    @Override
    public String name() {
        return EspeakSynthesizer.NAME;
    }

    @Override
    public String description() {
        return "espeak-ng, a local program with ~100 languages including Mandarin (22.05 kHz); needs espeak-ng installed";
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.TTS, name(), settings);
        EspeakOptions options = EspeakOptions.from(s);
        return new EspeakSynthesizer(EspeakInstallation.find(options.executable()), options,
                TextPreparation.from(s, 4_000, 16_000));
    }
}
