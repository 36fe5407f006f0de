package dev.videochat.core.vad;

import dev.videochat.api.Stage;
import dev.videochat.api.vad.VoiceActivityDetectorProvider;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.config.Settings;

import java.util.Map;

/**
 * The {@code energy} voice activity detector: level above a tracked noise floor, no model file. Settings:
 * {@code margin-db} (default 15) and {@code minimum-dbfs} (default -45).
 */
public final class EnergyVadProvider implements VoiceActivityDetectorProvider {

    static final String NAME = "energy";

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
    public VoiceActivityDetector create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.VAD, NAME, settings);
        try {
            return new EnergyVoiceActivityDetector(s.getDouble("margin-db", 15, 3, 40),
                    s.getDouble("minimum-dbfs", -45, -90, -10));
        } catch (IllegalArgumentException e) {
            throw s.error(e.getMessage());
        }
    }
}
