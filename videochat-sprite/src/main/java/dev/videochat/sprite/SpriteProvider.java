package dev.videochat.sprite;

import dev.videochat.api.Stage;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.core.config.Settings;

import java.util.Map;

/**
 * The {@code sprite} talking head: a 2D avatar drawn with Java2D and lip-synced on the CPU from the audio's
 * loudness and spectrum. Needs no model weights, no GPU and no network.
 *
 * <p>Settings: {@code seed} (a whole number, default 0): the base of every session's random blink timing, so that
 * a run can be repeated frame for frame.
 */
public final class SpriteProvider implements TalkingHeadProvider {

    /** The provider name. */
    public static final String NAME = "sprite";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "2D avatar drawn and lip-synced on the CPU (Java2D); needs no model weights, GPU or network";
    }

    @Override
    public TalkingHead create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.THG, NAME, settings);
        long seed;
        String raw = s.get("seed", "0");
        try {
            seed = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw s.error("setting 'seed' must be a whole number, got '" + raw + "'");
        }
        return new SpriteTalkingHead(seed);
    }
}
