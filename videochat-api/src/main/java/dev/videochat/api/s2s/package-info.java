/**
 * Speech-to-speech models, which answer the user's audio with audio and its transcript in place of ASR, LLM and
 * TTS: the {@link dev.videochat.api.s2s.SpeechToSpeechModel} SPI and its conversations.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.s2s;

import org.jspecify.annotations.NullMarked;
