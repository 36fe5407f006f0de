package dev.videochat.tts.freetts;

/**
 * FreeTTS voice settings, as {@link FreeTtsSynthesizer.Builder} checked them.
 *
 * @param rate        speaking rate in words per minute (setting {@code rate}, 50..400; NaN keeps the voice's own, 150)
 * @param pitch       baseline pitch in Hz (setting {@code pitch}, 50..300; NaN keeps the voice's own, 100)
 * @param pitchRange  pitch variation in Hz (setting {@code pitch-range}, 0..100; NaN keeps the voice's own)
 * @param volume      output gain (setting {@code volume}, 0..1, default 1)
 * @param concurrency syntheses run at once, each with its own voice (setting {@code concurrency}, 1..256, default the
 *                    number of cores: synthesis is CPU-bound, so one voice per core uses the machine)
 */
record FreeTtsOptions(float rate, float pitch, float pitchRange, float volume, int concurrency) {

    /** The most voices one engine may run at once. */
    static final int MAX_CONCURRENCY = 256;

    /** One voice per core the JVM may use, at most {@link #MAX_CONCURRENCY}. */
    static int defaultConcurrency() {
        return Math.min(MAX_CONCURRENCY, Runtime.getRuntime().availableProcessors());
    }
}
