package dev.videochat.core.vad;

import dev.videochat.api.Stage;
import dev.videochat.api.vad.VoiceActivityDetectorProvider;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.config.Settings;

import java.util.Map;
import java.util.Set;

/**
 * The {@code energy} voice activity detector: level above a tracked noise floor, no model file. Settings:
 * {@code margin-db} (default 15) and {@code minimum-dbfs} (default -45), mapped onto
 * {@link EnergyVoiceActivityDetector#builder()}.
 */
public final class EnergyVadProvider implements VoiceActivityDetectorProvider {

    static final String NAME = "energy";
    private static final Set<String> SETTINGS = Set.of("margin-db", "minimum-dbfs");

    /** Called by {@link java.util.ServiceLoader}. */
    public EnergyVadProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "speech by loudness above the noise floor; needs no model, cannot tell speech from other sound";
    }

    @Override
    public Set<String> settingNames() {
        return SETTINGS;
    }

    @Override
    public VoiceActivityDetector create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.VAD, NAME, settings, SETTINGS);
        EnergyVoiceActivityDetector.Builder builder = EnergyVoiceActivityDetector.builder();
        s.ifDouble("margin-db", builder::marginDb);
        s.ifDouble("minimum-dbfs", builder::minimumDbfs);
        return builder.build();
    }
}
