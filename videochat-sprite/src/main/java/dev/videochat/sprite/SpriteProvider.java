package dev.videochat.sprite;

import dev.videochat.api.Stage;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.core.config.Settings;

import java.util.Map;
import java.util.Set;

/**
 * The {@code sprite} talking head: a 2D avatar drawn with Java2D and lip-synced on the CPU from the audio's
 * loudness and spectrum. Needs no model weights, no GPU and no network.
 *
 * <p>Settings: {@code seed} (a whole number, default 0): the base of every session's random blink timing, so that
 * a run can be repeated frame for frame; mapped onto {@link SpriteTalkingHead#builder()}.
 */
public final class SpriteProvider implements TalkingHeadProvider {

    /** The provider name. */
    public static final String NAME = "sprite";
    private static final Set<String> SETTINGS = Set.of("seed");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "2D avatar drawn and lip-synced on the CPU (Java2D); needs no model weights, GPU or network";
    }

    @Override
    public Set<String> settingNames() {
        return SETTINGS;
    }

    @Override
    public TalkingHead create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.THG, NAME, settings, SETTINGS);
        SpriteTalkingHead.Builder builder = SpriteTalkingHead.builder();
        s.ifLong("seed", builder::seed);
        return builder.build();
    }
}
