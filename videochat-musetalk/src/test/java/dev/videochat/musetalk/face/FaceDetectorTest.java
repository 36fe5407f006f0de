package dev.videochat.musetalk.face;

import dev.videochat.api.ModelException;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.testing.TestAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceDetectorTest {

    @TempDir
    Path dir;

    private static VideoFrame rgb(BufferedImage image) {
        byte[] px = new byte[image.getWidth() * image.getHeight() * 3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int c = image.getRGB(x, y);
                int o = (y * image.getWidth() + x) * 3;
                px[o] = (byte) (c >> 16);
                px[o + 1] = (byte) (c >> 8);
                px[o + 2] = (byte) c;
            }
        }
        return VideoFrame.of(image.getWidth(), image.getHeight(), PixelFormat.RGB24, 0, px);
    }

    @Test
    void itFindsThePortraitsFaceInEitherChannelOrder() throws Exception {
        Path model = TestAssets.require("models/face_detector/version-RFB-320.onnx");
        BufferedImage portrait = ImageIO.read(TestAssets.require("avatar/obama_official_portrait.jpg").toFile());
        try (FaceDetector detector = FaceDetector.open(model)) {
            VideoFrame frame = rgb(portrait);
            FaceBox face = detector.detect(frame).orElseThrow();
            assertTrue(face.score() > 0.9, face::toString);
            // The face lies in the upper middle of the portrait and is a plausible size.
            float cx = (face.x1() + face.x2()) / 2 / portrait.getWidth();
            float cy = (face.y1() + face.y2()) / 2 / portrait.getHeight();
            assertTrue(cx > 0.3 && cx < 0.7 && cy > 0.1 && cy < 0.6, face::toString);
            assertTrue(face.width() > 0.1 * portrait.getWidth() && face.width() < 0.7 * portrait.getWidth(),
                    face::toString);
            // The same picture as BGR gives the same box.
            byte[] px = new byte[frame.byteSize()];
            frame.pixels().get(px);
            for (int i = 0; i < px.length; i += 3) {
                byte r = px[i];
                px[i] = px[i + 2];
                px[i + 2] = r;
            }
            FaceBox again = detector.detect(VideoFrame.of(frame.width(), frame.height(), PixelFormat.BGR24, 1, px))
                    .orElseThrow();
            assertEquals(face.x1(), again.x1(), 1f);
            assertEquals(face.y2(), again.y2(), 1f);
        }
    }

    @Test
    void aPictureWithoutAFaceGivesNone() throws Exception {
        Path model = TestAssets.require("models/face_detector/version-RFB-320.onnx");
        BufferedImage flat = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        try (FaceDetector detector = FaceDetector.open(model)) {
            assertEquals(Optional.empty(), detector.detect(rgb(flat)));
        }
    }

    @Test
    void anotherModelIsRefusedWithItsFileAndWhatDiffers() throws Exception {
        // The Silero VAD model is a real ONNX file with other tensors.
        Path vad = TestAssets.require("models/silero_vad/silero_vad.onnx");
        var e = assertThrows(ModelException.class, () -> FaceDetector.open(vad));
        assertTrue(e.getMessage().contains("silero_vad.onnx") && e.getMessage().contains("not an RFB-320"),
                e.getMessage());
    }

    @Test
    void missingAndCorruptFilesAreNamed() throws Exception {
        var e = assertThrows(ModelException.class, () -> FaceDetector.open(dir.resolve("none.onnx")));
        assertTrue(e.getMessage().contains("none.onnx"), e.getMessage());
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        e = assertThrows(ModelException.class, () -> FaceDetector.open(junk));
        assertTrue(e.getMessage().contains("junk.onnx"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaceDetector.open(junk, 1.5f));
    }

    @Test
    void boxesMeasureTheirOverlap() {
        FaceBox a = new FaceBox(0, 0, 10, 10, 1);
        assertEquals(1f, a.iou(a), 1e-6);
        assertEquals(0f, a.iou(new FaceBox(20, 20, 30, 30, 1)), 1e-6);
        assertEquals(25f / 175f, a.iou(new FaceBox(5, 5, 15, 15, 1)), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new FaceBox(5, 5, 5, 9, 1));
    }
}
