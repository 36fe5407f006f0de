/**
 * Video frames and their pixel layouts; {@link dev.videochat.api.video.VideoFrame} follows the api's
 * buffer-ownership rule, with {@code VideoFrame.wrap(..)} as its named exception.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.video;

import org.jspecify.annotations.NullMarked;
