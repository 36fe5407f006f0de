/**
 * Voice activity detection (VAD): the {@link dev.videochat.api.vad.VoiceActivityDetector} SPI and its
 * per-stream state.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.vad;

import org.jspecify.annotations.NullMarked;
