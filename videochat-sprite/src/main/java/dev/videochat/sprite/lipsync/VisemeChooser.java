package dev.videochat.sprite.lipsync;

/**
 * Turns one frame's audio measurements (and an optional hint from word timings) into a mouth shape, with
 * hysteresis so that the mouth does not flicker:
 * <ul>
 *   <li>a loudness gate with two thresholds opens at {@link #OPEN_DB} and closes only below {@link #CLOSE_DB};</li>
 *   <li>opening from closed happens at once (the mouth must move with the first syllable), and so does closing
 *       when the gate shuts;</li>
 *   <li>a change between two open shapes must win {@link #HOLD_FRAMES} frames in a row.</li>
 * </ul>
 */
final class VisemeChooser {

    /** Loudness (dBFS, RMS) above which a closed mouth opens. */
    static final double OPEN_DB = -40;
    /** Loudness (dBFS, RMS) below which an open mouth closes. */
    static final double CLOSE_DB = -48;
    /** Below this loudness (dBFS, RMS) speech only parts the lips. */
    static final double SLIGHT_DB = -30;
    /** Share of hiss above which a frame is a fricative. */
    static final double HISS_SHARE = 0.5;
    /** Share of power above the second-formant edge that makes a front ("ee") vowel. */
    static final double HIGH_SHARE = 0.3;
    /** Centroid (Hz) below which a vowel is rounded ("oo"), above which it is open ("ah"). */
    static final double ROUND_CENTROID_HZ = 620;
    /** Frames a new open shape must win in a row before the mouth changes to it. */
    static final int HOLD_FRAMES = 2;

    private boolean gateOpen;
    private Viseme current = Viseme.CLOSED;
    private Viseme pending = Viseme.CLOSED;
    private int pendingFrames;

    /** The shape for a frame measured by {@code audio}; {@code hint} is {@code null} when there is none. */
    Viseme choose(SpectrumAnalyzer audio, Viseme hint) {
        gateOpen = gateOpen ? audio.levelDb >= CLOSE_DB : audio.levelDb >= OPEN_DB;
        if (!gateOpen) {
            return settle(Viseme.CLOSED, true);
        }
        Viseme heard = classify(audio);
        Viseme candidate = withHint(heard, hint);
        return settle(candidate, current == Viseme.CLOSED && candidate != Viseme.CLOSED);
    }

    /** The shape for a frame of silence (idle): closes the mouth. */
    Viseme silence() {
        gateOpen = false;
        return settle(Viseme.CLOSED, true);
    }

    /** The shape shown last. */
    Viseme current() {
        return current;
    }

    static Viseme classify(SpectrumAnalyzer audio) {
        if (audio.hissShare > HISS_SHARE) {
            return Viseme.TEETH;
        }
        if (audio.levelDb < SLIGHT_DB) {
            return Viseme.SLIGHT;
        }
        if (audio.highShare > HIGH_SHARE) {
            return Viseme.WIDE;
        }
        return audio.centroidHz < ROUND_CENTROID_HZ ? Viseme.ROUND : Viseme.OPEN;
    }

    /** Word timings know which vowel is spoken; the audio still knows whether anything is. */
    private static Viseme withHint(Viseme heard, Viseme hint) {
        if (hint == null) {
            return heard;
        }
        return switch (heard) {
            case OPEN, WIDE, ROUND, TEETH -> hint;
            default -> hint == Viseme.CLOSED ? Viseme.CLOSED : heard;
        };
    }

    private Viseme settle(Viseme candidate, boolean immediate) {
        if (candidate == current || immediate) {
            current = candidate;
            pending = candidate;
            pendingFrames = 0;
            return current;
        }
        if (candidate == pending) {
            pendingFrames++;
        } else {
            pending = candidate;
            pendingFrames = 1;
        }
        if (pendingFrames >= HOLD_FRAMES) {
            current = candidate;
            pendingFrames = 0;
        }
        return current;
    }
}
