package dev.videochat.tts.freetts;

import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.util.Map;

/**
 * Provider {@code "freetts"}: the FreeTTS kevin16 voice (American English, male, 16 kHz diphone synthesis) running
 * inside the JVM from its Maven Central jar, with nothing to install or download. Robotic but clear and fast;
 * the voice the examples use by default.
 *
 * <p>Settings: {@code voice} (only {@code kevin16}; another name is a
 * {@link dev.videochat.api.ConfigurationException}), {@code rate} (words per minute), {@code pitch} (Hz),
 * {@code pitch-range} (Hz), {@code volume} (0..1), {@code concurrency} (voices for parallel syntheses, default one
 * per core), {@code clean-text}, {@code max-chars}.
 */
public final class FreeTtsProvider implements SpeechSynthesizerProvider {

    @Override
    public String name() {
        return FreeTtsSynthesizer.NAME;
    }

    @Override
    public String description() {
        return "FreeTTS kevin16, an English voice inside the JVM (16 kHz); nothing to install";
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.TTS, name(), settings);
        s.get("voice").filter(v -> !v.equalsIgnoreCase(FreeTtsSynthesizer.KEVIN16)).ifPresent(v -> {
            throw s.error("setting 'voice' names '" + v + "', a voice this engine does not have; its only voice is "
                    + FreeTtsSynthesizer.KEVIN16 + " (en-US)");
        });
        return new FreeTtsSynthesizer(FreeTtsOptions.from(s), TextPreparation.from(s, 1_000, 100_000));
    }
}
