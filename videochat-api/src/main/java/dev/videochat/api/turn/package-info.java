/**
 * What a pipeline turn reports: its {@link dev.videochat.api.turn.TurnEvent}s, the listeners that receive them,
 * and its timings.
 *
 * <p>Nothing in this package is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.videochat.api.turn;

import org.jspecify.annotations.NullMarked;
