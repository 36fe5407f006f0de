package dev.videochat.sprite.look;

import dev.videochat.sprite.lipsync.Viseme;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds an avatar from the user's own pictures: a base face (which sets the frame size) and one mouth picture
 * per viseme, scaled into the mouth box; optionally eye pictures for blinking, scaled into the eyes box. Paths
 * are relative to the avatar file's folder. Mouths that are not given fall back to a similar one (slight, wide
 * and round to open; teeth to wide); closed and open are required.
 */
final class ImageAvatarLoader {

    static final Set<String> KEYS = Set.of("name", "fps", "face", "mouthBox", "mouths", "eyesBox", "eyes");
    private static final Set<String> EYE_KEYS = Set.of("half", "closed");

    private final AvatarJson json;
    private final Path folder;

    private ImageAvatarLoader(AvatarJson json, Path folder) {
        this.json = json;
        this.folder = folder;
    }

    static SpriteSheet load(AvatarJson json, Path folder, String defaultName) {
        return new ImageAvatarLoader(json, folder).load(defaultName);
    }

    private SpriteSheet load(String defaultName) {
        json.allowOnly(KEYS);
        String faceFile = json.requireString("face", "the base face picture (PNG or JPEG), relative to the file");
        BufferedImage face = read(faceFile, "face");
        BufferedImage background = new BufferedImage(face.getWidth(), face.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = background.createGraphics();
        g2.drawImage(face, 0, 0, null);
        g2.dispose();

        int[] mouthBox = insideFace(json.box("mouthBox"), "mouthBox", face, faceFile);
        AvatarJson mouthFiles = json.object("mouths").orElseThrow(() -> json.error(
                "missing 'mouths': one picture per viseme, at least closed and open, e.g. {\"closed\": \"m0.png\", "
                        + "\"open\": \"m1.png\"}"));
        Map<Viseme, SpriteSheet.Placed> mouths = new EnumMap<>(Viseme.class);
        for (String key : mouthFiles.keys()) {
            Viseme v = Viseme.byKey(key).orElseThrow(() -> json.error("unknown viseme '" + key + "' in 'mouths'; "
                    + "known visemes: " + visemeKeys()));
            mouths.put(v, placed(mouthFiles.requireString(key, "a picture file"), "mouths." + key, mouthBox));
        }
        for (Viseme required : new Viseme[] {Viseme.CLOSED, Viseme.OPEN}) {
            if (!mouths.containsKey(required)) {
                throw json.error("'mouths' needs a picture for '" + required.key() + "'");
            }
        }
        mouths.putIfAbsent(Viseme.SLIGHT, mouths.get(Viseme.OPEN));
        mouths.putIfAbsent(Viseme.ROUND, mouths.get(Viseme.OPEN));
        mouths.putIfAbsent(Viseme.WIDE, mouths.get(Viseme.OPEN));
        mouths.putIfAbsent(Viseme.TEETH, mouths.get(Viseme.WIDE));

        Map<EyeState, SpriteSheet.Placed> eyes = new EnumMap<>(EyeState.class);
        Optional<AvatarJson> eyeFiles = json.object("eyes");
        if (eyeFiles.isPresent()) {
            eyeFiles.get().allowOnly(EYE_KEYS);
            int[] eyesBox = insideFace(json.box("eyesBox"), "eyesBox", face, faceFile);
            for (String key : eyeFiles.get().keys()) {
                EyeState state = key.equals("half") ? EyeState.HALF : EyeState.CLOSED;
                eyes.put(state, placed(eyeFiles.get().requireString(key, "a picture file"), "eyes." + key, eyesBox));
            }
        } else if (json.has("eyesBox")) {
            throw json.error("'eyesBox' is given but 'eyes' is not; add e.g. \"eyes\": {\"closed\": \"shut.png\"}");
        }
        return new SpriteSheet(json.string("name").orElse(defaultName), json.integer("fps", 25, 1, 120), background,
                null, eyes, mouths, 0);
    }

    private int[] insideFace(int[] box, String key, BufferedImage face, String faceFile) {
        if (box[0] < 0 || box[1] < 0 || box[0] + box[2] > face.getWidth() || box[1] + box[3] > face.getHeight()) {
            throw json.error("'" + key + "' [" + box[0] + ", " + box[1] + ", " + box[2] + ", " + box[3]
                    + "] lies outside the " + face.getWidth() + "x" + face.getHeight() + " face picture " + faceFile);
        }
        return box;
    }

    private SpriteSheet.Placed placed(String file, String key, int[] box) {
        BufferedImage image = read(file, key);
        BufferedImage scaled = new BufferedImage(box[2], box[3], BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g2 = scaled.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g2.drawImage(image, 0, 0, box[2], box[3], null);
        g2.dispose();
        return new SpriteSheet.Placed(scaled, box[0], box[1]);
    }

    private BufferedImage read(String file, String key) {
        Path path = folder.resolve(file).normalize();
        if (!Files.isRegularFile(path)) {
            throw json.error("picture '" + json.name(key) + "' not found: " + path.toAbsolutePath());
        }
        try {
            BufferedImage image = ImageIO.read(path.toFile());
            if (image == null) {
                throw json.error("picture '" + json.name(key) + "' (" + path + ") is not a PNG, JPEG, GIF or BMP "
                        + "file that Java can read");
            }
            return image;
        } catch (IOException e) {
            throw json.error("cannot read picture '" + json.name(key) + "' (" + path + "): " + e.getMessage());
        }
    }

    private static String visemeKeys() {
        StringBuilder sb = new StringBuilder();
        for (Viseme v : Viseme.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v.key());
        }
        return sb.toString();
    }
}
