/**
 * Encoding and muxing: the {@link dev.videochat.api.media.Muxer} SPI, its per-session
 * {@link dev.videochat.api.media.MuxSession}, the encoded {@link dev.videochat.api.media.MediaSegment}s and the sinks
 * that receive media.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.media;

import org.jspecify.annotations.NullMarked;
