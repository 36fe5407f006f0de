/**
 * Talking-head generation (THG): the {@link dev.videochat.api.thg.TalkingHead} SPI, prepared avatars, the
 * per-session {@link dev.videochat.api.thg.AvatarAnimator} and the {@link dev.videochat.api.thg.FrameSink} it
 * renders into.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.thg;

import org.jspecify.annotations.NullMarked;
