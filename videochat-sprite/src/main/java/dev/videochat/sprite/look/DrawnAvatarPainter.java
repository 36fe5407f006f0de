package dev.videochat.sprite.look;

import dev.videochat.sprite.lipsync.Viseme;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;

/**
 * Paints a drawn avatar's layers with Java2D, once per avatar: the background with shoulders, the head without
 * eyes or mouth, and the eye and mouth sprites. Each layer is painted in frame coordinates on a full-size
 * transparent canvas, then cropped to what it covers, so a frame only blends the pixels that change.
 */
final class DrawnAvatarPainter {

    /** Idle sway (pixels) of a 512-pixel avatar at motion 1. */
    private static final double SWAY_AT_512 = 3.0;

    private final DrawnStyle style;
    private final FaceGeometry g;

    private DrawnAvatarPainter(DrawnStyle style) {
        this.style = style;
        this.g = FaceGeometry.of(style);
    }

    static SpriteSheet paint(DrawnStyle style) {
        return new DrawnAvatarPainter(style).paint();
    }

    private SpriteSheet paint() {
        FeaturePainter features = new FeaturePainter(style, g);
        BufferedImage background = new BufferedImage(style.width(), style.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D bg = smooth(background);
        paintBackground(bg);
        bg.dispose();

        BufferedImage head = canvas();
        Graphics2D hg = smooth(head);
        paintHead(hg);
        hg.dispose();

        Map<EyeState, BufferedImage> eyes = new EnumMap<>(EyeState.class);
        for (EyeState e : EyeState.values()) {
            BufferedImage img = canvas();
            Graphics2D eg = smooth(img);
            features.paintEyes(eg, e);
            eg.dispose();
            eyes.put(e, img);
        }
        Map<Viseme, BufferedImage> mouths = new EnumMap<>(Viseme.class);
        for (Viseme v : Viseme.values()) {
            BufferedImage img = canvas();
            Graphics2D mg = smooth(img);
            features.paintMouth(mg, v);
            mg.dispose();
            mouths.put(v, img);
        }
        double sway = style.motion() * SWAY_AT_512 * Math.min(style.width(), style.height()) / 512.0;
        return new SpriteSheet(style.name(), style.fps(), background, Layers.cropped(head),
                Layers.croppedTogether(eyes), Layers.croppedTogether(mouths), sway);
    }

    private BufferedImage canvas() {
        return new BufferedImage(style.width(), style.height(), BufferedImage.TYPE_INT_ARGB_PRE);
    }

    static Graphics2D smooth(BufferedImage image) {
        Graphics2D g2 = image.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g2;
    }

    private void paintBackground(Graphics2D g2) {
        int w = style.width();
        int h = style.height();
        g2.setPaint(new GradientPaint(0, 0, style.background(), 0, h, style.backgroundBottom()));
        g2.fillRect(0, 0, w, h);
        // A soft halo behind the head.
        g2.setColor(new Color(255, 255, 255, 18));
        g2.fill(new Ellipse2D.Double(g.cx() - g.faceW() * 0.95, g.cy() - g.faceH() * 0.8, g.faceW() * 1.9,
                g.faceH() * 1.6));
        if (style.hair() == DrawnStyle.Hair.LONG) {
            // Long hair falls behind the shoulders, so it belongs to the still background.
            g2.setColor(style.hairColor().darker());
            g2.fill(new RoundRectangle2D.Double(g.cx() - g.faceW() * 0.62, g.cy() - g.faceH() * 0.1,
                    g.faceW() * 1.24, g.faceH() * 0.95, g.faceW() * 0.3, g.faceW() * 0.3));
        }
        // Neck, then shoulders.
        double neckW = g.faceW() * 0.36;
        g2.setColor(shade(style.skin(), 0.85));
        g2.fill(new Rectangle.Double(g.cx() - neckW / 2, g.cy() + g.faceH() * 0.25, neckW, g.faceH() * 0.45));
        double shoulderTop = g.bottom() + g.faceH() * 0.1;
        Path2D body = new Path2D.Double();
        body.moveTo(g.cx() - g.faceW() * 1.25, h + 2);
        body.curveTo(g.cx() - g.faceW() * 1.2, shoulderTop + g.faceH() * 0.05, g.cx() - g.faceW() * 0.7,
                shoulderTop, g.cx() - neckW * 0.7, shoulderTop);
        body.lineTo(g.cx() + neckW * 0.7, shoulderTop);
        body.curveTo(g.cx() + g.faceW() * 0.7, shoulderTop, g.cx() + g.faceW() * 1.2,
                shoulderTop + g.faceH() * 0.05, g.cx() + g.faceW() * 1.25, h + 2);
        body.closePath();
        g2.setPaint(new GradientPaint(0, (float) shoulderTop, style.shirt(), 0, h, shade(style.shirt(), 0.7)));
        g2.fill(body);
        // Collar: a V of skin.
        Path2D collar = new Path2D.Double();
        collar.moveTo(g.cx() - neckW * 0.7, shoulderTop - 1);
        collar.lineTo(g.cx(), shoulderTop + g.faceH() * 0.2);
        collar.lineTo(g.cx() + neckW * 0.7, shoulderTop - 1);
        collar.closePath();
        g2.setColor(shade(style.skin(), 0.85));
        g2.fill(collar);
    }

    private void paintHead(Graphics2D g2) {
        double w = g.faceW();
        double h = g.faceH();
        double top = g.top();
        if (style.hair() != DrawnStyle.Hair.NONE) {
            g2.setColor(style.hairColor());
            g2.fill(new Ellipse2D.Double(g.cx() - w * 0.56, top - h * 0.07, w * 1.12, h * 0.72));
        }
        // Ears.
        g2.setColor(shade(style.skin(), 0.92));
        double earW = w * 0.13;
        double earH = h * 0.2;
        g2.fill(new Ellipse2D.Double(g.cx() - w / 2 - earW * 0.6, g.eyeY() - earH * 0.2, earW, earH));
        g2.fill(new Ellipse2D.Double(g.cx() + w / 2 - earW * 0.4, g.eyeY() - earH * 0.2, earW, earH));
        // Face: an egg, wide at the temples and narrowing to the chin.
        Path2D face = new Path2D.Double();
        face.moveTo(g.cx(), top);
        face.curveTo(g.cx() + w * 0.56, top, g.cx() + w * 0.52, top + h * 0.62, g.cx() + w * 0.3, top + h * 0.88);
        face.quadTo(g.cx(), g.bottom() + h * 0.04, g.cx() - w * 0.3, top + h * 0.88);
        face.curveTo(g.cx() - w * 0.52, top + h * 0.62, g.cx() - w * 0.56, top, g.cx(), top);
        face.closePath();
        g2.setColor(style.skin());
        g2.fill(face);
        // Cheeks.
        g2.setColor(new Color(style.lips().getRed(), style.lips().getGreen(), style.lips().getBlue(), 40));
        double cheek = w * 0.16;
        g2.fill(new Ellipse2D.Double(g.cx() - w * 0.34 - cheek / 2, g.mouthY() - h * 0.14, cheek, cheek * 0.6));
        g2.fill(new Ellipse2D.Double(g.cx() + w * 0.34 - cheek / 2, g.mouthY() - h * 0.14, cheek, cheek * 0.6));
        // Nose: a soft shadow curve.
        g2.setColor(shade(style.skin(), 0.78));
        g2.setStroke(new BasicStroke((float) (w * 0.018), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double noseY = (g.eyeY() + g.mouthY()) / 2 + h * 0.03;
        g2.draw(new QuadCurve2D.Double(g.cx() - w * 0.05, noseY, g.cx(), noseY + h * 0.035, g.cx() + w * 0.05,
                noseY));
        // Brows.
        g2.setColor(shade(style.hairColor(), 1.0));
        g2.setStroke(new BasicStroke((float) (w * 0.032), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double browY = g.eyeY() - g.eyeH() * 1.15;
        for (int side = -1; side <= 1; side += 2) {
            double ex = g.cx() + side * g.eyeDx();
            g2.draw(new QuadCurve2D.Double(ex - g.eyeW() * 0.6, browY + g.eyeH() * 0.2, ex,
                    browY - g.eyeH() * 0.35, ex + g.eyeW() * 0.6, browY + g.eyeH() * 0.15));
        }
        if (style.hair() != DrawnStyle.Hair.NONE) {
            // Fringe: the top of a hair cap minus a lower, face-shaped hairline.
            Area hair = new Area(new Ellipse2D.Double(g.cx() - w * 0.56, top - h * 0.08, w * 1.12, h * 0.74));
            hair.subtract(new Area(new Ellipse2D.Double(g.cx() - w * 0.47, top + h * 0.17, w * 0.98, h * 0.95)));
            g2.setColor(style.hairColor());
            g2.fill(hair);
        }
    }

    /** {@code c} darkened (factor below 1) or lightened (above 1). */
    static Color shade(Color c, double factor) {
        return new Color(clamp(c.getRed() * factor), clamp(c.getGreen() * factor), clamp(c.getBlue() * factor),
                c.getAlpha());
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
