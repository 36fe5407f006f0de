package dev.videochat.tts.espeak;

import dev.videochat.core.config.Settings;

/**
 * espeak-ng command-line settings.
 *
 * @param executable the program, a name on the PATH or a path (setting {@code executable}, default {@code espeak-ng})
 * @param voice      the default voice (setting {@code voice}, default {@code en-us})
 * @param speed      words per minute (setting {@code speed}, 80..450, default 175)
 * @param pitch      0..99 (setting {@code pitch}, default 50)
 * @param amplitude  0..200 (setting {@code amplitude}, default 100)
 * @param wordGap    extra pause between words in units of 10 ms (setting {@code word-gap}, 0..100, default 0)
 */
record EspeakOptions(String executable, String voice, int speed, int pitch, int amplitude, int wordGap) {

    static EspeakOptions from(Settings s) {
        return new EspeakOptions(
                s.get("executable", "espeak-ng"),
                s.get("voice", "en-us"),
                s.getInt("speed", 175, 80, 450),
                s.getInt("pitch", 50, 0, 99),
                s.getInt("amplitude", 100, 0, 200),
                s.getInt("word-gap", 0, 0, 100));
    }
}
