package dev.videochat.musetalk.face;

import dev.videochat.api.ModelException;
import dev.videochat.musetalk.testmodels.TinyFaceModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DWPose and BiSeNet through ONNX Runtime on stand-ins with their exact tensor contracts. Expected landmarks from
 * the 360 x 480 picture's affine map (scale 450 x 600: picture = input * 1.5625 - (45, 60)).
 */
class FaceModelContractTest {

    @TempDir
    Path dir;

    @Test
    void dwPoseLandmarksComeBackThroughTheInverseAffineWithFlipTesting() throws Exception {
        int[][] face = TinyFaceModels.symmetricFace();
        Path model = TinyFaceModels.dwPose(face[0], face[1]).write(dir.resolve("dwpose.onnx"));
        try (FaceLandmarker landmarker = FaceLandmarker.open(model)) {
            FaceLandmarker.Landmarks points = landmarker.landmarks(new byte[360 * 480 * 3], 360, 480);
            assertEquals(80f, points.xs()[0]);          // bin 160 -> 80 -> 125 - 45
            assertEquals(279.21875f, points.xs()[16]);  // bin 415 -> 207.5 -> 324.21875 - 45
            assertEquals(179.21875f, points.xs()[29]);  // bin 287 (tied with 288 after flipping) -> 143.5
            assertEquals(240f, points.ys()[29]);        // bin 384 -> 192 -> 300 - 60
            assertEquals(440f, points.ys()[8]);         // bin 640 -> 320 -> 500 - 60
            // half = 440 - 240 = 200, y1 = 40
            assertEquals(Optional.of(new LandmarkBox(80, 40, 279, 440)),
                    LandmarkBox.of(points.xs(), points.ys(), 0));
        }
    }

    @Test
    void biSeNetLabelsAreTheArgmaxOfItsLogits() throws Exception {
        Path model = TinyFaceModels.faceParsing().write(dir.resolve("face_parsing.onnx"));
        try (FaceParser parser = FaceParser.open(model)) {
            byte[] labels = parser.labels(new byte[100 * 80 * 3], 100, 80);
            int[][] points = {{0, 0}, {128, 128}, {127, 128}, {383, 447}, {384, 447}, {200, 380}, {311, 420},
                    {312, 420}, {256, 200}};
            for (int[] p : points) {
                assertEquals(TinyFaceModels.parsedLabel(p[0], p[1]), labels[p[1] * 512 + p[0]],
                        "label at " + p[0] + "," + p[1]);
            }
        }
    }

    @Test
    void aModelOfTheWrongContractIsRefusedByName() throws Exception {
        Path parsing = TinyFaceModels.faceParsing().write(dir.resolve("face_parsing.onnx"));
        var e = assertThrows(ModelException.class, () -> FaceLandmarker.open(parsing));
        assertTrue(e.getMessage().contains("face_parsing.onnx") && e.getMessage().contains("DWPose")
                && e.getMessage().contains("'input'"), e.getMessage());
        int[][] face = TinyFaceModels.symmetricFace();
        Path dwpose = TinyFaceModels.dwPose(face[0], face[1]).write(dir.resolve("dwpose.onnx"));
        var f = assertThrows(ModelException.class, () -> FaceParser.open(dwpose));
        assertTrue(f.getMessage().contains("dwpose.onnx") && f.getMessage().contains("BiSeNet"), f.getMessage());
        var g = assertThrows(ModelException.class, () -> FaceParser.open(dir.resolve("absent.onnx")));
        assertTrue(g.getMessage().contains("no BiSeNet"), g.getMessage());
    }
}
