package dev.videochat.api.thg;

import dev.videochat.api.Provider;

/** Service type for talking-head engines: register in {@code META-INF/services/dev.videochat.api.thg.TalkingHeadProvider}. */
public interface TalkingHeadProvider extends Provider<TalkingHead> {
}
