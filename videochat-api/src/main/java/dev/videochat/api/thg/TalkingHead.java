package dev.videochat.api.thg;

import java.util.List;

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

    @Override
    default void close() {
    }
}
