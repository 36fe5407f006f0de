/**
 * Mono 16-bit PCM audio as it flows between the stages ({@link dev.videochat.api.audio.AudioChunk}), copied in
 * and out under the api's buffer-ownership rule.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.audio;

import org.jspecify.annotations.NullMarked;
