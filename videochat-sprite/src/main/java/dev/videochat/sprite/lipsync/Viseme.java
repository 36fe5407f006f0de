package dev.videochat.sprite.lipsync;

import java.util.Locale;
import java.util.Optional;

/**
 * The mouth shapes the sprite avatar can show. Each class covers the speech sounds that look alike on the lips;
 * the {@link #key()} is the name used in avatar files.
 */
public enum Viseme {
    /** Lips together: silence, and the bilabials m, b, p. */
    CLOSED,
    /** Lips just apart: quiet or unstressed speech. */
    SLIGHT,
    /** Jaw dropped: open vowels such as "ah". */
    OPEN,
    /** Lips spread: front vowels such as "ee", "eh". */
    WIDE,
    /** Lips rounded and pushed forward: back vowels such as "oo", "oh", and w. */
    ROUND,
    /** Teeth showing through a narrow gap: fricatives such as f, v, s, z. */
    TEETH;

    /** The lower-case name used in avatar files, for example {@code "round"}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The viseme whose {@link #key()} is {@code key}, if any. */
    public static Optional<Viseme> byKey(String key) {
        for (Viseme v : values()) {
            if (v.key().equals(key)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
