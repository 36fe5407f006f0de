package dev.videochat.sprite.look;

import dev.videochat.sprite.lipsync.Viseme;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to compose a frame of one avatar, rendered once: a static background (opaque, the frame's
 * size), an optional head layer that sways a little, and the eye and mouth sprites placed on it. A frame is the
 * background, then the head, eyes and mouth drawn at the same small offset: a few blits.
 *
 * <p>Immutable and shared by every session animating the avatar; the images must not be drawn into.
 * Positions are in frame pixels at zero offset.
 */
public final class SpriteSheet {

    private final String name;
    private final int fps;
    private final BufferedImage background;
    private final Placed head;
    private final Map<EyeState, Placed> eyes;
    private final Map<Viseme, Placed> mouths;
    private final double swayPixels;

    /** An image and where its top-left corner goes, in frame pixels. */
    record Placed(BufferedImage image, int x, int y) {
    }

    SpriteSheet(String name, int fps, BufferedImage background, Placed head, Map<EyeState, Placed> eyes,
                Map<Viseme, Placed> mouths, double swayPixels) {
        this.name = Objects.requireNonNull(name, "name");
        this.fps = fps;
        this.background = Objects.requireNonNull(background, "background");
        this.head = head;
        this.eyes = new EnumMap<>(eyes);
        this.mouths = new EnumMap<>(mouths);
        for (Viseme v : Viseme.values()) {
            if (!this.mouths.containsKey(v)) {
                throw new IllegalArgumentException("no mouth sprite for " + v);
            }
        }
        this.swayPixels = swayPixels;
        prime();
    }

    /**
     * Draws every sprite once before the sheet is shared, so that Java2D's lazily made per-image state exists
     * before several sessions' threads read the images at once.
     */
    private void prime() {
        BufferedImage scratch = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = scratch.createGraphics();
        try {
            for (EyeState e : EyeState.values()) {
                for (Viseme v : Viseme.values()) {
                    draw(g, 0, 0, e, v);
                }
            }
        } finally {
            g.dispose();
        }
    }

    /** The avatar's name. */
    public String name() {
        return name;
    }

    /** Frame width in pixels. */
    public int width() {
        return background.getWidth();
    }

    /** Frame height in pixels. */
    public int height() {
        return background.getHeight();
    }

    /** Frames per second. */
    public int fps() {
        return fps;
    }

    /** How far (pixels) the head sways at most when idle; 0 for a still picture. */
    public double swayPixels() {
        return swayPixels;
    }

    /** Whether the avatar can blink (it has a closed-eye sprite). */
    public boolean canBlink() {
        return eyes.containsKey(EyeState.CLOSED);
    }

    /**
     * Draws this avatar into {@code target} (at least the frame's size) with the head, eyes and mouth shifted by
     * ({@code dx}, {@code dy}) pixels.
     */
    public void draw(java.awt.Graphics2D target, int dx, int dy, EyeState eyeState, Viseme mouth) {
        target.drawImage(background, 0, 0, null);
        if (head != null) {
            target.drawImage(head.image(), head.x() + dx, head.y() + dy, null);
        }
        Placed e = eyes.get(eyeState == EyeState.HALF && !eyes.containsKey(EyeState.HALF) ? EyeState.CLOSED : eyeState);
        if (e != null) {
            target.drawImage(e.image(), e.x() + dx, e.y() + dy, null);
        }
        Placed m = mouths.get(mouth);
        target.drawImage(m.image(), m.x() + dx, m.y() + dy, null);
    }
}
