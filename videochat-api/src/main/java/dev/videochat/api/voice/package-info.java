/**
 * What a listening session hears: {@link dev.videochat.api.voice.VoiceEvent}s and their listener.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.voice;

import org.jspecify.annotations.NullMarked;
