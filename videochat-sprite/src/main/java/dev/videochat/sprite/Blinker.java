package dev.videochat.sprite;

import dev.videochat.sprite.look.EyeState;

import java.util.SplittableRandom;

/**
 * When the avatar blinks: every 1.5 to 8 seconds (2 plus a random wait averaging 2.5 s, like a relaxed person),
 * sometimes twice in a row; a blink lasts about 150 ms (half, closed, half). Seeded, so a session's blinks repeat
 * exactly for the same seed. Ask for frames in increasing order.
 */
final class Blinker {

    private static final double DOUBLE_BLINK_CHANCE = 0.12;

    private final SplittableRandom random;
    private final int fps;
    private final int halfFrames;
    private final int closedFrames;
    private long nextBlink;

    Blinker(long seed, int fps) {
        this.random = new SplittableRandom(seed);
        this.fps = fps;
        this.halfFrames = Math.max(1, (int) Math.round(0.04 * fps));
        this.closedFrames = Math.max(1, (int) Math.round(0.07 * fps));
        this.nextBlink = wait(0.5 + 2.5 * random.nextDouble());
    }

    /** The eyes at frame {@code index} (frames counted from the session's first). */
    EyeState at(long index) {
        long length = 2L * halfFrames + closedFrames;
        while (index >= nextBlink + length) {
            boolean twice = random.nextDouble() < DOUBLE_BLINK_CHANCE;
            double seconds = twice ? 0.25 : Math.min(8.0, 1.5 - 2.5 * Math.log(1 - random.nextDouble()));
            nextBlink += length + wait(seconds);
        }
        long into = index - nextBlink;
        if (into < 0) {
            return EyeState.OPEN;
        }
        return into < halfFrames || into >= halfFrames + closedFrames ? EyeState.HALF : EyeState.CLOSED;
    }

    private long wait(double seconds) {
        return Math.max(1, Math.round(seconds * fps));
    }
}
