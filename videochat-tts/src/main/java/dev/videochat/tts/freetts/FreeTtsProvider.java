package dev.videochat.tts.freetts;

import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.util.Map;
import java.util.Set;

/**
 * Provider {@code "freetts"}: the FreeTTS kevin16 voice (American English, male, 16 kHz diphone synthesis) running
 * inside the JVM from its Maven Central jar, with nothing to install or download. Robotic but clear and fast;
 * the voice the examples use by default.
 *
 * <p>Settings, each mapped onto the {@link FreeTtsSynthesizer#builder()} method of the same name: {@code voice}
 * (only {@code kevin16}; another name is a {@link dev.videochat.api.ConfigurationException}), {@code rate} (words
 * per minute), {@code pitch} (Hz), {@code pitch-range} (Hz), {@code volume} (0..1), {@code concurrency} (voices for
 * parallel syntheses, default one per core), {@code clean-text}, {@code max-chars}.
 */
public final class FreeTtsProvider implements SpeechSynthesizerProvider {

    private static final Set<String> SETTINGS = Set.of("voice", "rate", "pitch", "pitch-range", "volume",
            "concurrency", TextPreparation.CLEAN_TEXT, TextPreparation.MAX_CHARS);

    @Override
    public String name() {
        return FreeTtsSynthesizer.NAME;
    }

    @Override
    public String description() {
        return "FreeTTS kevin16, an English voice inside the JVM (16 kHz); nothing to install";
    }

    @Override
    public Set<String> settingNames() {
        return SETTINGS;
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        FreeTtsSynthesizer.Builder builder = FreeTtsSynthesizer.builder();
        configure(Settings.of(Stage.TTS, name(), settings, SETTINGS), builder);
        return builder.build();
    }

    /**
     * Maps {@code settings} (this provider's keys) onto {@code builder}, as {@link #create(Map)} does; for engines
     * that combine this one with others, such as {@code offline}.
     */
    public static void configure(Settings settings, FreeTtsSynthesizer.Builder builder) {
        settings.ifSet("voice", builder::voice);
        settings.ifDouble("rate", builder::rate);
        settings.ifDouble("pitch", builder::pitch);
        settings.ifDouble("pitch-range", builder::pitchRange);
        settings.ifDouble("volume", builder::volume);
        settings.ifInt("concurrency", builder::concurrency);
        settings.ifBoolean(TextPreparation.CLEAN_TEXT, builder::cleanText);
        settings.ifInt(TextPreparation.MAX_CHARS, builder::maxChars);
    }
}
