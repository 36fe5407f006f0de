package dev.videochat.tts.testing;

import dev.videochat.api.Stage;
import dev.videochat.api.asr.SpeechRecognizerProvider;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.core.config.Settings;
import dev.videochat.core.testing.SimulatedRecognizer;

import java.util.Map;
import java.util.Set;

/**
 * ASR provider {@code fixed-text}, registered for tests in {@code META-INF/services}: a {@link SimulatedRecognizer}
 * hearing the {@code text} setting.
 */
public final class FixedTextAsrProvider implements SpeechRecognizerProvider {

    @Override
    public String name() {
        return "fixed-text";
    }

    @Override
    public String description() {
        return "test ASR that hears the 'text' setting in every clip";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("text");
    }

    @Override
    public SpeechRecognizer create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.ASR, name(), settings, settingNames());
        return SimulatedRecognizer.hearing(s.get("text", ""));
    }
}
