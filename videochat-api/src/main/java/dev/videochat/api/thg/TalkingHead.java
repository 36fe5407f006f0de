package dev.videochat.api.thg;

import java.util.List;
import java.util.OptionalInt;

/**
 * A talking-head engine: loads avatars once and animates them. Thread-safe: it holds what is heavy and shared
 * (models, prepared avatars) and serves many sessions at once.
 */
public interface TalkingHead extends AutoCloseable {

    /** The provider name, for messages and metrics. */
    String name();

    /** The avatar references {@link #loadAvatar} accepts without a path (built-in or already prepared ones). */
    List<String> avatars();

    /**
     * Loads an avatar by name or by the path of its description; loading the same reference twice may return
     * the same instance.
     *
     * @throws dev.videochat.api.ConfigurationException when the reference is unknown or its files are invalid
     */
    Avatar loadAvatar(String reference);

    /** Starts animating {@code avatar} (which must come from this engine) for one session. */
    AvatarAnimator animate(Avatar avatar);

    /**
     * How many more sessions, each at its avatar's frame rate, this engine takes now by its own measurement: the
     * figure its admission of new sessions goes by, for a load balancer or a metrics gauge. Empty when the engine
     * does not measure (the default) or has not measured yet. Cheap enough to read at every metrics scrape.
     */
    default OptionalInt spareSessions() {
        return OptionalInt.empty();
    }

    @Override
    default void close() {
    }
}
