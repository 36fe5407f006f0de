package dev.videochat.api.media;

import dev.videochat.api.Provider;

/** Service type for media engines: register in {@code META-INF/services/dev.videochat.api.media.MuxerProvider}. */
public interface MuxerProvider extends Provider<Muxer> {
}
