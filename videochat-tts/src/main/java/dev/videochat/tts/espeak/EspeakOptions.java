package dev.videochat.tts.espeak;

import dev.videochat.core.config.Settings;

/**
 * espeak-ng settings.
 *
 * @param dataPath  the folder holding {@code espeak-ng-data}, or null for the library's own (setting {@code data-path})
 * @param voice     the default voice (setting {@code voice}, default {@code en-us})
 * @param speed     words per minute (setting {@code speed}, 80..450, default 175)
 * @param pitch     0..99 (setting {@code pitch}, default 50)
 * @param amplitude 0..200 (setting {@code amplitude}, default 100)
 * @param wordGap   extra pause between words in units of 10 ms (setting {@code word-gap}, 0..100, default 0)
 */
record EspeakOptions(String dataPath, String voice, int speed, int pitch, int amplitude, int wordGap) {

    static EspeakOptions from(Settings s) {
        return new EspeakOptions(
                s.get("data-path").orElse(null),
                s.get("voice", "en-us"),
                s.getInt("speed", 175, 80, 450),
                s.getInt("pitch", 50, 0, 99),
                s.getInt("amplitude", 100, 0, 200),
                s.getInt("word-gap", 0, 0, 100));
    }

    EspeakNative.Parameters parameters() {
        return new EspeakNative.Parameters(speed, pitch, amplitude, wordGap);
    }
}
