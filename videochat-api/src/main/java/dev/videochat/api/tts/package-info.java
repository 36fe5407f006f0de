/**
 * Speech synthesis (TTS): the {@link dev.videochat.api.tts.SpeechSynthesizer} SPI, voices, the handler that
 * receives audio as it is made, and the summary of a synthesis.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.tts;

import org.jspecify.annotations.NullMarked;
