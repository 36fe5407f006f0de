package dev.videochat.sprite.lipsync;

import java.util.SplittableRandom;

/** Synthetic test audio: silence, vowel-like tone mixtures (two "formants") and hiss. */
public final class Signals {

    private Signals() {
    }

    /** An "oo"-like mixture: a strong low first formant and a weak low second one. */
    public static short[] oo(int rate, double seconds, double amplitude) {
        return tones(rate, seconds, amplitude, 300, 1.0, 800, 0.3);
    }

    /** An "ah"-like mixture: a high first formant near a middle second one. */
    public static short[] ah(int rate, double seconds, double amplitude) {
        return tones(rate, seconds, amplitude, 750, 1.0, 1200, 0.5);
    }

    /** An "ee"-like mixture: a low first formant and a high second one. */
    public static short[] ee(int rate, double seconds, double amplitude) {
        return tones(rate, seconds, amplitude, 300, 1.0, 2300, 0.3);
    }

    public static short[] tones(int rate, double seconds, double amplitude, double f1, double a1, double f2, double a2) {
        int n = (int) Math.round(rate * seconds);
        short[] out = new short[n];
        double scale = amplitude / (a1 + a2);
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double v = a1 * Math.sin(2 * Math.PI * f1 * t) + a2 * Math.sin(2 * Math.PI * f2 * t + 1.0);
            out[i] = (short) Math.round(v * scale * Short.MAX_VALUE);
        }
        return out;
    }

    /** White noise, like an "s" or "f". */
    public static short[] hiss(int rate, double seconds, double amplitude, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = (int) Math.round(rate * seconds);
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.round((r.nextDouble() * 2 - 1) * amplitude * Short.MAX_VALUE);
        }
        return out;
    }

    public static short[] silence(int rate, double seconds) {
        return new short[(int) Math.round(rate * seconds)];
    }

    public static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
