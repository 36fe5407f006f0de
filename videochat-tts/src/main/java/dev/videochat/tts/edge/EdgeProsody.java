package dev.videochat.tts.edge;

import java.util.regex.Pattern;

/**
 * How a voice speaks: rate and volume as signed percentages ({@code +10%}), pitch in signed hertz ({@code -5Hz}).
 */
record EdgeProsody(String rate, String pitch, String volume) {

    private static final Pattern PERCENT = Pattern.compile("^[+-]\\d+%$");
    private static final Pattern HERTZ = Pattern.compile("^[+-]\\d+Hz$");

    static final EdgeProsody NEUTRAL = new EdgeProsody("+0%", "+0Hz", "+0%");

    EdgeProsody {
        if (!PERCENT.matcher(rate).matches()) {
            throw new IllegalArgumentException("rate must look like +10% or -5%, got '" + rate + "'");
        }
        if (!HERTZ.matcher(pitch).matches()) {
            throw new IllegalArgumentException("pitch must look like +10Hz or -5Hz, got '" + pitch + "'");
        }
        if (!PERCENT.matcher(volume).matches()) {
            throw new IllegalArgumentException("volume must look like +10% or -5%, got '" + volume + "'");
        }
    }
}
