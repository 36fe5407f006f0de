/**
 * Speech recognition (ASR): the {@link dev.videochat.api.asr.SpeechRecognizer} SPI, its streaming
 * {@link dev.videochat.api.asr.RecognitionSession} and the {@link dev.videochat.api.asr.Transcript} it yields.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.asr;

import org.jspecify.annotations.NullMarked;
