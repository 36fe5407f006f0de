package dev.videochat.sprite;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.sprite.look.AvatarFiles;
import dev.videochat.sprite.look.SpriteSheet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sprite engine: renders each avatar's layers once and hands out one animator per session. Thread-safe.
 *
 * <pre>{@code
 * TalkingHead thg = SpriteTalkingHead.builder().seed(7).build();
 * }</pre>
 * The {@code sprite} provider maps its settings onto {@link #builder()}.
 */
public final class SpriteTalkingHead implements TalkingHead {

    private static final Logger LOG = LoggerFactory.getLogger(SpriteTalkingHead.class);

    private final long seed;
    private final AtomicLong sessions = new AtomicLong();
    private final Map<String, SpriteAvatar> avatars = new ConcurrentHashMap<>();

    SpriteTalkingHead(long seed) {
        this.seed = seed;
    }

    /** A builder: seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base of every session's random blink timing and sway. */
    long seed() {
        return seed;
    }

    @Override
    public String name() {
        return SpriteProvider.NAME;
    }

    @Override
    public List<String> avatars() {
        return AvatarFiles.builtInNames();
    }

    @Override
    public Avatar loadAvatar(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (AvatarFiles.builtInNames().contains(reference)) {
            return avatars.computeIfAbsent(reference, r -> prepared(AvatarFiles.builtIn(r), r));
        }
        Path path;
        try {
            path = Path.of(reference).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw unknown(reference);
        }
        if (!Files.exists(path)) {
            throw unknown(reference);
        }
        return avatars.computeIfAbsent(path.toString(), p -> prepared(AvatarFiles.load(path), p));
    }

    private ConfigurationException unknown(String reference) {
        return new ConfigurationException(Stage.THG, SpriteProvider.NAME, "unknown avatar '" + reference
                + "': it is neither a built-in avatar (" + String.join(", ", AvatarFiles.builtInNames())
                + ") nor the path of an avatar file (JSON)");
    }

    private SpriteAvatar prepared(SpriteSheet sheet, String reference) {
        LOG.debug("prepared sprite avatar '{}' from {} ({}x{} @{} fps)", sheet.name(), reference, sheet.width(),
                sheet.height(), sheet.fps());
        return new SpriteAvatar(sheet, this);
    }

    @Override
    public AvatarAnimator animate(Avatar avatar) {
        return animate(avatar, seed + 0x9E3779B97F4A7C15L * sessions.getAndIncrement());
    }

    /** An animator whose blinks and sway follow {@code sessionSeed}. */
    SpriteAnimator animate(Avatar avatar, long sessionSeed) {
        if (!(avatar instanceof SpriteAvatar sprite) || sprite.owner() != this) {
            throw new IllegalArgumentException("avatar " + avatar + " was not loaded by this sprite engine");
        }
        return new SpriteAnimator(sprite, sessionSeed);
    }

    /** Builds a {@link SpriteTalkingHead}. */
    public static final class Builder {
        private long seed;

        private Builder() {
        }

        /**
         * The base of each session's random blink timing and sway phase (default 0). Sessions get distinct seeds
         * derived from it in creation order, so a run repeats frame for frame.
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The talking head; avatars are rendered when first loaded. */
        public TalkingHead build() {
            return new SpriteTalkingHead(seed);
        }
    }
}
