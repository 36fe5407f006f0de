package dev.videochat.api.thg;

import dev.videochat.api.Provider;

/** Service type for talking-head engines: register in {@code META-INF/services/dev.videochat.api.thg.ThgProvider}. */
public interface ThgProvider extends Provider<TalkingHead> {
}
