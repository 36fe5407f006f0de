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
 * In a noisy recording both gate thresholds rise to stay {@link #OPEN_ABOVE_FLOOR_DB} and
 * {@link #CLOSE_ABOVE_FLOOR_DB} above the noise floor: the quietest frame of the last two seconds. Clean
 * (synthesized) speech has pauses far below the thresholds, so for it they stay as they are.
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
    /** How far (dB) above the noise floor the gate opens. */
    static final double OPEN_ABOVE_FLOOR_DB = 12;
    /** How far (dB) above the noise floor the gate closes. */
    static final double CLOSE_ABOVE_FLOOR_DB = 6;
    /** The level (dBFS) recorded for frames with no audio at all. */
    private static final double SILENT_DB = -120;

    private final double[] recentLevels;
    private int recentAt;

    private boolean gateOpen;
    private Viseme current = Viseme.CLOSED;
    private Viseme pending = Viseme.CLOSED;
    private int pendingFrames;

    /** @param fps frames per second, for the length of the noise-floor window */
    VisemeChooser(int fps) {
        recentLevels = new double[Math.max(1, 2 * fps)];
        java.util.Arrays.fill(recentLevels, SILENT_DB);
    }

    /** The shape for a frame measured by {@code audio}; {@code hint} is {@code null} when there is none. */
    Viseme choose(SpectrumAnalyzer audio, Viseme hint) {
        double floor = remember(audio.levelDb);
        gateOpen = gateOpen
                ? audio.levelDb >= Math.max(CLOSE_DB, floor + CLOSE_ABOVE_FLOOR_DB)
                : audio.levelDb >= Math.max(OPEN_DB, floor + OPEN_ABOVE_FLOOR_DB);
        if (!gateOpen) {
            return settle(Viseme.CLOSED, true);
        }
        Viseme heard = classify(audio);
        Viseme candidate = withHint(heard, hint);
        return settle(candidate, current == Viseme.CLOSED && candidate != Viseme.CLOSED);
    }

    /** The shape for a frame of silence (idle): closes the mouth. */
    Viseme silence() {
        remember(SILENT_DB);
        gateOpen = false;
        return settle(Viseme.CLOSED, true);
    }

    /** The shape shown last. */
    Viseme current() {
        return current;
    }

    /** Records a frame's level and returns the noise floor: the lowest level of the recent frames (dBFS). */
    private double remember(double levelDb) {
        recentLevels[recentAt] = levelDb;
        recentAt = (recentAt + 1) % recentLevels.length;
        double floor = Double.MAX_VALUE;
        for (double l : recentLevels) {
            floor = Math.min(floor, l);
        }
        return floor;
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
