package dev.videochat.tts.espeak;

/**
 * espeak-ng settings, as {@link EspeakSynthesizer.Builder} checked them.
 *
 * @param dataPath  the folder holding {@code espeak-ng-data}, or null for the library's own (setting {@code data-path})
 * @param voice     the default voice (setting {@code voice}, default {@code en-us})
 * @param speed     words per minute (setting {@code speed}, 80..450, default 175)
 * @param pitch     0..99 (setting {@code pitch}, default 50)
 * @param amplitude 0..200 (setting {@code amplitude}, default 100)
 * @param wordGap   extra pause between words in units of 10 ms (setting {@code word-gap}, 0..100, default 0)
 */
record EspeakOptions(String dataPath, String voice, int speed, int pitch, int amplitude, int wordGap) {

    EspeakNative.Parameters parameters() {
        return new EspeakNative.Parameters(speed, pitch, amplitude, wordGap);
    }
}
