package dev.videochat.sprite.look;

/** How far the avatar's eyes are open; a blink runs open, half, closed, half, open. */
public enum EyeState {
    /** Eyes open (the resting state). */
    OPEN,
    /** Lids half down. */
    HALF,
    /** Lids shut. */
    CLOSED
}
