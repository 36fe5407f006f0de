package dev.videochat.sprite;

/**
 * A slow, slight sway of the head (two incommensurate sines on x, one on y), so the avatar looks alive. Depends
 * only on the frame index and the seed's phases; no state.
 */
final class IdleMotion {

    private final double amplitude;
    private final int fps;
    private final double phaseX1;
    private final double phaseX2;
    private final double phaseY;

    /** @param amplitude greatest offset in pixels */
    IdleMotion(long seed, double amplitude, int fps) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
        this.amplitude = amplitude;
        this.fps = fps;
        this.phaseX1 = r.nextDouble(2 * Math.PI);
        this.phaseX2 = r.nextDouble(2 * Math.PI);
        this.phaseY = r.nextDouble(2 * Math.PI);
    }

    /** Horizontal offset (pixels) at frame {@code index}. */
    int dx(long index) {
        double t = (double) index / fps;
        return (int) Math.round(amplitude * (0.65 * Math.sin(2 * Math.PI * t / 5.3 + phaseX1)
                + 0.35 * Math.sin(2 * Math.PI * t / 2.3 + phaseX2)));
    }

    /** Vertical offset (pixels) at frame {@code index}. */
    int dy(long index) {
        double t = (double) index / fps;
        return (int) Math.round(0.6 * amplitude * Math.sin(2 * Math.PI * t / 3.7 + phaseY));
    }
}
