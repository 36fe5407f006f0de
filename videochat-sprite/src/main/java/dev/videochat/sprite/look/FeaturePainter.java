package dev.videochat.sprite.look;

import dev.videochat.sprite.lipsync.Viseme;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;

/** Paints a drawn avatar's eyes (per blink state) and mouth (per viseme) in frame coordinates. */
final class FeaturePainter {

    private final DrawnStyle style;
    private final FaceGeometry g;

    FeaturePainter(DrawnStyle style, FaceGeometry geometry) {
        this.style = style;
        this.g = geometry;
    }

    void paintEyes(Graphics2D g2, EyeState state) {
        for (int side = -1; side <= 1; side += 2) {
            paintEye(g2, g.cx() + side * g.eyeDx(), g.eyeY(), state);
        }
    }

    private void paintEye(Graphics2D g2, double x, double y, EyeState state) {
        double w = g.eyeW();
        double h = g.eyeH();
        Color line = new Color(0x2a1c18);
        g2.setStroke(new BasicStroke((float) (w * 0.09), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        if (state == EyeState.CLOSED) {
            g2.setColor(line);
            g2.draw(new QuadCurve2D.Double(x - w / 2, y, x, y + h * 0.45, x + w / 2, y));
            return;
        }
        Shape eye = new Ellipse2D.Double(x - w / 2, y - h / 2, w, h);
        g2.setColor(new Color(0xfbfaf7));
        g2.fill(eye);
        Shape saved = g2.getClip();
        g2.clip(eye);
        double r = h * 0.48;
        g2.setColor(style.iris());
        g2.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        double pr = r * 0.5;
        g2.setColor(new Color(0x111111));
        g2.fill(new Ellipse2D.Double(x - pr, y - pr, 2 * pr, 2 * pr));
        g2.setColor(Color.WHITE);
        double hr = r * 0.28;
        g2.fill(new Ellipse2D.Double(x + r * 0.2, y - r * 0.55, 2 * hr, 2 * hr));
        if (state == EyeState.HALF) {
            g2.setColor(DrawnAvatarPainter.shade(style.skin(), 0.9));
            g2.fill(new Rectangle2D.Double(x - w, y - h, 2 * w, h * 0.95));
        }
        g2.setClip(saved);
        g2.setColor(line);
        if (state == EyeState.HALF) {
            g2.draw(new QuadCurve2D.Double(x - w / 2, y, x, y - h * 0.08, x + w / 2, y));
        } else {
            g2.draw(new QuadCurve2D.Double(x - w / 2, y, x, y - h * 1.02, x + w / 2, y));
        }
    }

    void paintMouth(Graphics2D g2, Viseme viseme) {
        double x = g.cx();
        double y = g.mouthY();
        double w = g.mouthW();
        float lip = (float) (w * 0.075);
        g2.setStroke(new BasicStroke(lip, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        if (viseme == Viseme.CLOSED) {
            g2.setColor(DrawnAvatarPainter.shade(style.lips(), 0.8));
            g2.draw(new QuadCurve2D.Double(x - w / 2, y - w * 0.02, x, y + w * 0.06, x + w / 2, y - w * 0.02));
            g2.setColor(new Color(style.lips().getRed(), style.lips().getGreen(), style.lips().getBlue(), 90));
            g2.draw(new QuadCurve2D.Double(x - w * 0.25, y + w * 0.12, x, y + w * 0.2, x + w * 0.25, y + w * 0.12));
            return;
        }
        Shape opening = opening(viseme, x, y, w);
        g2.setColor(style.mouth());
        g2.fill(opening);
        Shape saved = g2.getClip();
        g2.clip(opening);
        java.awt.Rectangle b = opening.getBounds();
        g2.setColor(style.teeth());
        switch (viseme) {
            case TEETH -> g2.fill(b);
            case WIDE -> {
                g2.fill(new Rectangle2D.Double(b.x, b.y, b.width, b.height * 0.32));
                g2.fill(new Rectangle2D.Double(b.x, b.y + b.height * 0.78, b.width, b.height * 0.3));
            }
            case OPEN, SLIGHT -> g2.fill(new Rectangle2D.Double(b.x, b.y, b.width, b.height * 0.24));
            default -> {
            }
        }
        if (viseme == Viseme.OPEN || viseme == Viseme.ROUND) {
            g2.setColor(new Color(0xc8505a));
            g2.fill(new Ellipse2D.Double(b.x + b.width * 0.18, b.y + b.height * 0.62, b.width * 0.64,
                    b.height * 0.6));
        }
        if (viseme == Viseme.TEETH) {
            g2.setColor(DrawnAvatarPainter.shade(style.teeth(), 0.75));
            g2.setStroke(new BasicStroke(Math.max(1f, lip * 0.25f)));
            g2.draw(new java.awt.geom.Line2D.Double(b.x, b.getCenterY(), b.getMaxX(), b.getCenterY()));
            g2.setStroke(new BasicStroke(lip, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        g2.setClip(saved);
        g2.setColor(style.lips());
        g2.draw(opening);
    }

    /** The inner outline of the lips for an open shape. */
    private static Shape opening(Viseme v, double x, double y, double w) {
        return switch (v) {
            case ROUND -> new Ellipse2D.Double(x - w * 0.24, y - w * 0.2, w * 0.48, w * 0.44);
            case SLIGHT -> lens(x, y, w * 0.8, w * 0.05, w * 0.09);
            case OPEN -> lens(x, y, w * 0.9, w * 0.14, w * 0.42);
            case WIDE -> lens(x, y, w * 1.12, w * 0.1, w * 0.16);
            case TEETH -> lens(x, y, w * 0.95, w * 0.08, w * 0.1);
            default -> throw new IllegalArgumentException("no opening for " + v);
        };
    }

    /** A mouth opening: corners at ({@code x ± width/2}, y), upper lip {@code up} above, lower {@code down} below. */
    private static Shape lens(double x, double y, double width, double up, double down) {
        Path2D p = new Path2D.Double();
        p.moveTo(x - width / 2, y);
        p.curveTo(x - width * 0.3, y - up * 1.3, x + width * 0.3, y - up * 1.3, x + width / 2, y);
        p.curveTo(x + width * 0.3, y + down * 1.3, x - width * 0.3, y + down * 1.3, x - width / 2, y);
        p.closePath();
        return p;
    }
}
