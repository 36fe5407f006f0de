package dev.videochat.sprite.look;

import dev.videochat.api.ConfigurationException;
import dev.videochat.sprite.lipsync.Viseme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvatarFilesTest {

    @TempDir
    Path dir;

    private static BufferedImage drawn(SpriteSheet sheet, EyeState eyes, Viseme mouth) {
        BufferedImage image = new BufferedImage(sheet.width(), sheet.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        sheet.draw(g, 0, 0, eyes, mouth);
        g.dispose();
        return image;
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    private ConfigurationException failure(String json) {
        Path file = AvatarImages.write(dir, json);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AvatarFiles.load(file));
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        return e;
    }

    private static void assertMentions(ConfigurationException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void builtInAvatarsAreDrawnAt512By512And25Fps() {
        for (String name : AvatarFiles.builtInNames()) {
            SpriteSheet sheet = AvatarFiles.builtIn(name);
            assertEquals(name, sheet.name());
            assertEquals(512, sheet.width());
            assertEquals(512, sheet.height());
            assertEquals(25, sheet.fps());
            assertTrue(sheet.canBlink());
        }
    }

    @Test
    void everyMouthShapeAndEyeStateOfTheDrawnAvatarLooksDifferent() {
        SpriteSheet sheet = AvatarFiles.builtIn("default");
        for (Viseme a : Viseme.values()) {
            for (Viseme b : Viseme.values()) {
                if (a.ordinal() < b.ordinal()) {
                    assertNotEquals(pixels(drawn(sheet, EyeState.OPEN, a)), pixels(drawn(sheet, EyeState.OPEN, b)),
                            a + " vs " + b);
                }
            }
        }
        assertNotEquals(pixels(drawn(sheet, EyeState.OPEN, Viseme.CLOSED)),
                pixels(drawn(sheet, EyeState.CLOSED, Viseme.CLOSED)));
    }

    private static java.util.List<Integer> pixels(BufferedImage image) {
        int[] data = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return java.util.Arrays.stream(data).boxed().toList();
    }

    @Test
    void aPictureAvatarRendersWithItsOwnPictures() {
        SpriteSheet sheet = AvatarFiles.load(AvatarImages.write(dir, AvatarImages.validJson()));
        assertEquals("host", sheet.name());
        assertEquals(160, sheet.width());
        assertEquals(120, sheet.height());
        assertEquals(0, sheet.swayPixels());
        int mx = 80;
        int my = 90;
        assertEquals(AvatarImages.CLOSED.getRGB() & 0xffffff, rgb(drawn(sheet, EyeState.OPEN, Viseme.CLOSED), mx, my));
        assertEquals(AvatarImages.OPEN.getRGB() & 0xffffff, rgb(drawn(sheet, EyeState.OPEN, Viseme.OPEN), mx, my));
        assertEquals(AvatarImages.WIDE.getRGB() & 0xffffff, rgb(drawn(sheet, EyeState.OPEN, Viseme.WIDE), mx, my));
        // Not given: round falls back to open, teeth to wide.
        assertEquals(AvatarImages.OPEN.getRGB() & 0xffffff, rgb(drawn(sheet, EyeState.OPEN, Viseme.ROUND), mx, my));
        assertEquals(AvatarImages.WIDE.getRGB() & 0xffffff, rgb(drawn(sheet, EyeState.OPEN, Viseme.TEETH), mx, my));
        // The face around the mouth box is the user's picture.
        assertEquals(AvatarImages.FACE.getRGB() & 0xffffff, rgb(drawn(sheet, EyeState.OPEN, Viseme.OPEN), 10, 10));
        assertEquals(AvatarImages.FACE.getRGB() & 0xffffff, rgb(drawn(sheet, EyeState.OPEN, Viseme.OPEN), 59, 90));
    }

    @Test
    void pictureAvatarsBlinkWithTheirOwnEyePictures() {
        AvatarImages.picture(dir.resolve("shut.png"), 10, 5, java.awt.Color.BLACK);
        SpriteSheet sheet = AvatarFiles.load(AvatarImages.write(dir, AvatarImages.validJson().replace("\"face\":",
                "\"eyesBox\": [40, 30, 80, 20], \"eyes\": {\"closed\": \"shut.png\"}, \"face\":")));
        assertTrue(sheet.canBlink());
        assertEquals(0, rgb(drawn(sheet, EyeState.CLOSED, Viseme.CLOSED), 80, 40));
        assertEquals(AvatarImages.FACE.getRGB() & 0xffffff, rgb(drawn(sheet, EyeState.OPEN, Viseme.CLOSED), 80, 40));
    }

    @Test
    void aMissingPictureNamesTheFileTheKeyAndThePath() {
        ConfigurationException e = failure(AvatarImages.validJson().replace("\"open.png\"", "\"gone.png\""));
        assertMentions(e, "mouths.open", "not found", dir.resolve("gone.png").toString());
    }

    @Test
    void aMouthBoxOutsideTheFaceIsRejected() {
        ConfigurationException e = failure(AvatarImages.validJson().replace("[60, 80, 40, 20]", "[140, 80, 40, 20]"));
        assertMentions(e, "mouthBox", "[140, 80, 40, 20]", "outside", "160x120", "face.png");
    }

    @Test
    void anUnknownVisemeNameIsRejectedListingTheKnownOnes() {
        ConfigurationException e = failure(AvatarImages.validJson().replace("\"wide\":", "\"smile\":"));
        assertMentions(e, "unknown viseme 'smile'", "closed, slight, open, wide, round, teeth");
    }

    @Test
    void malformedJsonIsRejectedWithItsPosition() {
        ConfigurationException e = failure("{\n  \"face\": \"face.png\",\n  \"mouthBox\": [60, 80 40, 20]\n}");
        assertMentions(e, "is not valid JSON", "line 3");
    }

    @Test
    void anUnknownKeyIsRejectedListingTheKnownOnes() {
        ConfigurationException e = failure(AvatarImages.validJson().replace("\"mouths\":", "\"mouth\":"));
        assertMentions(e, "unknown key 'mouth'", "mouths");
    }

    @Test
    void aBadColourNamesItsKey() {
        ConfigurationException e = failure("{\"colors\": {\"skin\": \"pink\"}}");
        assertMentions(e, "colors.skin", "#rrggbb", "pink");
    }

    @Test
    void aDrawnAvatarFileMayOverrideAnyDefault() throws Exception {
        Path file = dir.resolve("small.json");
        Files.writeString(file, "{\"width\": 256, \"height\": 192, \"fps\": 30, \"hair\": \"none\","
                + " \"colors\": {\"background\": \"#000000\", \"backgroundBottom\": \"#000000\"}}");
        SpriteSheet sheet = AvatarFiles.load(file);
        assertEquals("small", sheet.name());
        assertEquals(256, sheet.width());
        assertEquals(192, sheet.height());
        assertEquals(30, sheet.fps());
        assertEquals(0, rgb(drawn(sheet, EyeState.OPEN, Viseme.CLOSED), 0, 0));
    }

    @Test
    void aMissingAvatarFileIsNamed() {
        Path file = dir.resolve("nope.json");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AvatarFiles.load(file));
        assertMentions(e, "not found", file.toString());
    }
}
