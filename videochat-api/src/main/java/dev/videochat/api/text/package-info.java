/**
 * The text packets the chunker cuts an answer into, each voiced and animated as a unit.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.text;

import org.jspecify.annotations.NullMarked;
