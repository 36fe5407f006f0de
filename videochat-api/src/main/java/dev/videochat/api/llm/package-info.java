/**
 * The language-model stage: the {@link dev.videochat.api.llm.ChatModel} SPI, chat messages, per-request
 * options and the summary of a streamed answer.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.llm;

import org.jspecify.annotations.NullMarked;
