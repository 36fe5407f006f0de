package dev.videochat.sprite.look;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a picture avatar into a folder for tests: a blue 160x120 face with a 40x20 mouth box at (60, 80), and
 * one flat-coloured mouth picture per viseme given. Everything is generated here; no image files are checked in.
 */
public final class AvatarImages {

    public static final Color FACE = new Color(0x2040c0);
    public static final Color CLOSED = new Color(0xd02020);
    public static final Color OPEN = new Color(0x20b040);
    public static final Color WIDE = new Color(0xe0d020);
    public static final int[] MOUTH_BOX = {60, 80, 40, 20};

    private AvatarImages() {
    }

    /** Writes face.png, closed.png, open.png and wide.png, and returns the avatar file written with {@code json}. */
    public static Path write(Path folder, String json) {
        picture(folder.resolve("face.png"), 160, 120, FACE);
        picture(folder.resolve("closed.png"), 20, 10, CLOSED);
        picture(folder.resolve("open.png"), 20, 10, OPEN);
        picture(folder.resolve("wide.png"), 20, 10, WIDE);
        Path file = folder.resolve("host.json");
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A valid picture avatar's description, using the pictures {@link #write} makes. */
    public static String validJson() {
        return """
                {
                  "name": "host",
                  "fps": 25,
                  "face": "face.png",
                  "mouthBox": [60, 80, 40, 20],
                  "mouths": {"closed": "closed.png", "open": "open.png", "wide": "wide.png"}
                }
                """;
    }

    public static void picture(Path file, int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
