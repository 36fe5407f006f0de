package dev.videochat.sprite.look;

import java.awt.Color;
import java.util.Set;

/**
 * The look of a drawn avatar: frame size, colours and proportions. Proportions of the face are fractions of the
 * frame; the features' are fractions of the face (widths of its width, heights of its height).
 */
record DrawnStyle(String name, int width, int height, int fps, Hair hair, double motion,
                  Color background, Color backgroundBottom, Color skin, Color hairColor, Color iris, Color lips,
                  Color mouth, Color teeth, Color shirt,
                  double faceWidth, double faceHeight, double faceCenterY, double eyeY, double eyeSpacing,
                  double eyeSize, double mouthY, double mouthWidth) {

    /** Hair styles the painter knows. */
    enum Hair { SHORT, LONG, NONE }

    static final Set<String> KEYS = Set.of("name", "width", "height", "fps", "hair", "motion", "colors",
            "proportions");
    private static final Set<String> COLOR_KEYS = Set.of("background", "backgroundBottom", "skin", "hair", "iris",
            "lips", "mouth", "teeth", "shirt");
    private static final Set<String> PROPORTION_KEYS = Set.of("faceWidth", "faceHeight", "faceCenterY", "eyeY",
            "eyeSpacing", "eyeSize", "mouthY", "mouthWidth");

    /** Reads a drawn avatar's description; every key is optional. */
    static DrawnStyle from(AvatarJson json, String defaultName) {
        json.allowOnly(KEYS);
        String hairName = json.string("hair").orElse("short");
        Hair hair = switch (hairName) {
            case "short" -> Hair.SHORT;
            case "long" -> Hair.LONG;
            case "none" -> Hair.NONE;
            default -> throw json.error("'hair' must be short, long or none, got '" + hairName + "'");
        };
        AvatarJson c = json.object("colors").orElseGet(() -> json.empty("colors"));
        c.allowOnly(COLOR_KEYS);
        AvatarJson p = json.object("proportions").orElseGet(() -> json.empty("proportions"));
        p.allowOnly(PROPORTION_KEYS);
        return new DrawnStyle(json.string("name").orElse(defaultName),
                json.integer("width", 512, 16, 4096), json.integer("height", 512, 16, 4096),
                json.integer("fps", 25, 1, 120), hair, json.number("motion", 1.0, 0, 10),
                c.color("background", new Color(0x3a4a66)), c.color("backgroundBottom", new Color(0x1c2436)),
                c.color("skin", new Color(0xf1c9a5)), c.color("hair", new Color(0x3b2a20)),
                c.color("iris", new Color(0x3f6f9f)), c.color("lips", new Color(0xc0646c)),
                c.color("mouth", new Color(0x4e1a22)), c.color("teeth", new Color(0xf7f4ee)),
                c.color("shirt", new Color(0x2f7f7a)),
                p.number("faceWidth", 0.42, 0.1, 0.9), p.number("faceHeight", 0.54, 0.1, 0.9),
                p.number("faceCenterY", 0.43, 0.2, 0.8), p.number("eyeY", 0.46, 0.2, 0.7),
                p.number("eyeSpacing", 0.40, 0.1, 0.8), p.number("eyeSize", 0.17, 0.05, 0.35),
                p.number("mouthY", 0.77, 0.55, 0.95), p.number("mouthWidth", 0.32, 0.1, 0.7));
    }
}
