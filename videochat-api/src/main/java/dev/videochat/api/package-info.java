/**
 * The SDK's public contract: the stage SPIs (one package per stage), the values that flow between stages, the turn
 * events, the exceptions, and {@link dev.videochat.api.Call}, the one handle for work that ends once.
 *
 * <h2>Buffer ownership</h2>
 * One rule for every value type that carries an array ({@link dev.videochat.api.audio.AudioChunk},
 * {@link dev.videochat.api.video.VideoFrame}, {@link dev.videochat.api.media.MediaSegment}): a value copies the
 * array it is made from, and hands out a copy ({@code AudioChunk.samples()}, {@code MediaSegment.data()}) or a
 * read-only view ({@code VideoFrame.pixels()}), so no caller can change a value another one holds. Readers that must
 * not allocate use the accessors that copy into a buffer of theirs ({@code AudioChunk.copyTo},
 * {@code AudioChunk.sample}) or the read-only view. The one exception is named and documented where throughput
 * needs it: {@code VideoFrame.wrap(..)} takes over a buffer its producer has just filled, without copying, and the
 * producer must not write to it afterwards.
 *
 * <h2>Callbacks</h2>
 * Engine handlers ({@code ChatHandler}, {@code SynthesisHandler}, {@code TranscriptHandler},
 * {@code SpeechHandler}) and {@code FrameSink} are called one at a time, in order, on an engine's thread; they may
 * block to slow the engine down (back-pressure), so each of their methods declares {@link InterruptedException},
 * and a cancel interrupts a callback that blocks. Listeners and sinks that run on the pipeline's own threads
 * ({@code TurnListener}, {@code VoiceListener}, {@code SegmentSink}, {@code RawMediaSink}) must not block.
 *
 * <h2>Null</h2>
 * Every package of the api is {@link org.jspecify.annotations.NullMarked}: no parameter, return value or record
 * component is null unless marked {@link org.jspecify.annotations.Nullable} (an absent value is an
 * {@link java.util.Optional} or an empty collection).
 */
@NullMarked
package dev.videochat.api;

import org.jspecify.annotations.NullMarked;
