package dev.videochat.sprite.look;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;

/** Crops painted layers to the pixels they cover, so that a frame blends as few pixels as it can. */
final class Layers {

    private Layers() {
    }

    /** {@code image} cropped to its non-transparent pixels, placed where they were. */
    static SpriteSheet.Placed cropped(BufferedImage image) {
        Rectangle box = covered(image);
        return new SpriteSheet.Placed(copy(image, box), box.x, box.y);
    }

    /** Every image cropped to one common box (the union of what each covers), so they replace each other. */
    static <K extends Enum<K>> Map<K, SpriteSheet.Placed> croppedTogether(Map<K, BufferedImage> images) {
        Rectangle union = null;
        for (BufferedImage image : images.values()) {
            Rectangle box = covered(image);
            if (!box.isEmpty()) {
                union = union == null ? box : union.union(box);
            }
        }
        Rectangle box = union == null ? new Rectangle(0, 0, 1, 1) : union;
        Map<K, SpriteSheet.Placed> out = null;
        for (Map.Entry<K, BufferedImage> e : images.entrySet()) {
            if (out == null) {
                out = new EnumMap<>(e.getKey().getDeclaringClass());
            }
            out.put(e.getKey(), new SpriteSheet.Placed(copy(e.getValue(), box), box.x, box.y));
        }
        return out;
    }

    private static Rectangle covered(BufferedImage image) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) >>> 24) != 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? new Rectangle() : new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    private static BufferedImage copy(BufferedImage image, Rectangle box) {
        Rectangle r = box.isEmpty() ? new Rectangle(0, 0, 1, 1) : box;
        BufferedImage out = new BufferedImage(r.width, r.height, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g2 = out.createGraphics();
        g2.drawImage(image, -r.x, -r.y, null);
        g2.dispose();
        return out;
    }
}
