package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import dev.videochat.core.testing.TestAssets;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.face.FaceDetector;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.FaceGenerator;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.runtime.VaeEncoder;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvatarPreparerTest {

    @TempDir
    Path dir;
    private VaeEncoder vae;

    @BeforeEach
    void open() throws Exception {
        vae = MuseTalkRuntime.openVaeEncoder(TinyMuseTalkModels.writeSeparate(dir.resolve("models")),
                MuseTalkOptions.builder().device(ExecutionDevice.CPU).intraOpThreads(1).build());
    }

    @AfterEach
    void close() {
        vae.close();
    }

    private Path still(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(new Color(200, 160, 140));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(120, 40, 40));
        g.fillOval(width / 3, height * 2 / 3, width / 3, height / 8);
        g.dispose();
        Path file = dir.resolve("still.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void aStillWithAFixedFaceBoxBecomesAOneFrameAvatar() throws Exception {
        Path png = still(160, 120);
        var options = AvatarPreparer.Options.defaults("still", MuseTalkVersion.V1_5).withFaceBox(40, 20, 120, 100);
        List<String> steps = new ArrayList<>();
        PreparedAvatar avatar = new AvatarPreparer(vae, null, MuseTalkVersion.V1_5)
                .prepare(png, options, (step, done, total) -> steps.add(step + " " + done + "/" + total));
        assertEquals(1, avatar.frameCount());
        assertEquals(160, avatar.width());
        assertEquals(120, avatar.height());
        assertEquals(25, avatar.fps());
        // MuseTalk 1.5 adds 10 pixels below the face box.
        FaceRegion region = avatar.region(0);
        assertEquals(FaceRegion.around(40, 20, 120, 110, 1.5), region);
        assertEquals(List.of("frames 1/1", "faces 1/1", "latents 1/1"), steps);
        float[] latent = avatar.latent(0);
        assertEquals(FaceGenerator.LATENT_FLOATS, latent.length);
        float[] masked = Arrays.copyOfRange(latent, 0, latent.length / 2);
        float[] reference = Arrays.copyOfRange(latent, latent.length / 2, latent.length);
        assertFalse(Arrays.equals(masked, reference), "the masked half differs from the reference half");
        // The mask is zero in the upper half of the crop box and reaches 255 inside the lower face.
        byte[] mask = avatar.mask(0);
        int side = region.cropSize();
        for (int i = 0; i < side * (side / 2); i++) {
            assertEquals(0, mask[i], "upper half of the mask");
        }
        int centre = ((region.y2() - 8 - region.cropY1()) * side) + (region.x1() + region.x2()) / 2 - region.cropX1();
        assertEquals(255, mask[centre] & 0xff, "lower face");
    }

    @Test
    void bboxShiftMovesTheTopByTwiceTheShift() {
        var options = AvatarPreparer.Options.defaults("x", MuseTalkVersion.V1_0).withBboxShift(5);
        FaceRegion r = AvatarPreparer.regionOf(40, 20, 120, 100, 160, 120, options);
        assertEquals(30, r.y1());
        assertEquals(100, r.y2());
        var e = assertThrows(ConfigurationException.class,
                () -> AvatarPreparer.regionOf(40, 20, 120, 30, 160, 120, options));
        assertTrue(e.getMessage().contains("less than 8 x 8"), e.getMessage());
    }

    @Test
    void aFaceBoxOutsideTheImageIsRefused() throws Exception {
        Path png = still(160, 120);
        var options = AvatarPreparer.Options.defaults("x", MuseTalkVersion.V1_5).withFaceBox(40, 20, 170, 100);
        var e = assertThrows(ConfigurationException.class,
                () -> new AvatarPreparer(vae, null, MuseTalkVersion.V1_5).prepare(png, options, null));
        assertTrue(e.getMessage().contains("leaves the 160x120"), e.getMessage());
    }

    @Test
    void missingAndUnreadableFilesAreNamed() throws Exception {
        var options = AvatarPreparer.Options.defaults("x", MuseTalkVersion.V1_5).withFaceBox(0, 0, 10, 10);
        AvatarPreparer preparer = new AvatarPreparer(vae, null, MuseTalkVersion.V1_5);
        var e = assertThrows(ConfigurationException.class,
                () -> preparer.prepare(dir.resolve("nope.mp4"), options, null));
        assertTrue(e.getMessage().contains("nope.mp4"), e.getMessage());
        Path junk = java.nio.file.Files.writeString(dir.resolve("junk.mp4"), "not a video");
        e = assertThrows(ConfigurationException.class, () -> preparer.prepare(junk, options, null));
        assertTrue(e.getMessage().contains("junk.mp4"), e.getMessage());
    }

    @Test
    void badNamesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> AvatarPreparer.Options.defaults("../up", MuseTalkVersion.V1_5));
        assertThrows(IllegalArgumentException.class,
                () -> AvatarPreparer.Options.defaults(" ", MuseTalkVersion.V1_5));
    }

    @Test
    void aVideoGivesOneFramePerTwentyFifthOfASecond() throws Exception {
        Path video = TestAssets.require("avatar/astronaut_still_25fps_3s.mp4");
        var options = AvatarPreparer.Options.defaults("astronaut", MuseTalkVersion.V1_5)
                .withFaceBox(180, 60, 272, 175);
        List<Integer> frameProgress = new ArrayList<>();
        PreparedAvatar avatar = new AvatarPreparer(vae, null, MuseTalkVersion.V1_5).prepare(video, options,
                (step, done, total) -> {
                    if (step.equals("frames")) {
                        frameProgress.add(total);
                    }
                });
        assertEquals(75, avatar.frameCount());
        assertEquals(512, avatar.width());
        assertTrue(frameProgress.stream().allMatch(t -> t == 75), "the total was known from the start");

        PreparedAvatar first10 = new AvatarPreparer(vae, null, MuseTalkVersion.V1_5)
                .prepare(video, options.withMaxFrames(10), null);
        assertEquals(10, first10.frameCount());
        assertArrayEquals(avatar.latent(3), first10.latent(3));
    }

    @Test
    void theFaceDetectorFindsTheAstronautsFace() throws Exception {
        Path video = TestAssets.require("avatar/astronaut_still_25fps_3s.mp4");
        Path model = TestAssets.require("models/face_detector/version-RFB-320.onnx");
        try (FaceDetector detector = FaceDetector.open(model)) {
            PreparedAvatar avatar = new AvatarPreparer(vae, detector, MuseTalkVersion.V1_5).prepare(video,
                    AvatarPreparer.Options.defaults("astronaut", MuseTalkVersion.V1_5).withMaxFrames(5), null);
            FaceRegion r = avatar.region(0);
            // The detector's box is about (.35, .12)-(.53, .34) of 512 pixels; 10 pixels are added below.
            assertEquals(0.35 * 512, r.x1(), 0.04 * 512);
            assertEquals(0.53 * 512, r.x2(), 0.04 * 512);
            assertEquals(0.12 * 512, r.y1(), 0.04 * 512);
            assertEquals(0.34 * 512 + 10, r.y2(), 0.04 * 512);
            assertEquals(r, avatar.region(4), "a still video gives a still box");
        }
    }

    @Test
    void anImageWithoutAFaceIsRefused() throws Exception {
        Path model = TestAssets.require("models/face_detector/version-RFB-320.onnx");
        Path png = still(320, 240);
        try (FaceDetector detector = FaceDetector.open(model)) {
            var e = assertThrows(ConfigurationException.class, () -> new AvatarPreparer(vae, detector,
                    MuseTalkVersion.V1_5).prepare(png, AvatarPreparer.Options.defaults("x", MuseTalkVersion.V1_5),
                    null));
            assertTrue(e.getMessage().contains("no face found in") && e.getMessage().contains("still.png"),
                    e.getMessage());
        }
    }
}
