package dev.videochat.musetalk.face;

import dev.videochat.core.testing.TestAssets;
import dev.videochat.musetalk.testing.ReferencePython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DWPose's pre- and post-processing against mmpose's own code: the 288 x 384 input {@link TopDownAffine} makes
 * from a photo against mmpose's box-to-center-and-scale, warp matrix and {@code cv2.warpAffine}, and the face
 * keypoints {@link SimccDecoder} and {@link TopDownAffine} decode from seeded SimCC outputs (with the flip test)
 * against mmpose's {@code get_simcc_maximum}, the COCO-WholeBody swaps and its map back to the picture.
 *
 * <p>It skips, saying what is missing, unless there is a Python with numpy, OpenCV and torch (Debian's
 * python3-opencv and python3-torch), an mmpose checkout in {@code $VIDEOCHAT_MMPOSE_SRC} and the shared assets.
 */
class DwPoseProcessingCrossCheckTest {

    @TempDir
    Path dir;

    @Test
    void theInputAndTheFaceKeypointsAreMmposes() throws Exception {
        Path photo = TestAssets.require("avatar/obama_official_portrait.jpg");
        Path mmpose = ReferencePython.checkout("VIDEOCHAT_MMPOSE_SRC", "mmpose/codecs/utils/post_processing.py",
                "an mmpose checkout");
        String python = ReferencePython.require("numpy, cv2, torch", "apt-get install python3-opencv python3-torch");
        Path script = ReferencePython.script("/dev/videochat/musetalk/face/dwpose_reference.py", dir);
        Path out = dir.resolve("reference");
        int[] size = ReferencePython.size(ReferencePython.run(python, script.toString(), mmpose.toString(),
                photo.toString(), out.toString()));
        byte[] bgr = Files.readAllBytes(out.resolve("photo.bgr"));
        assertEquals(size[0] * size[1] * 3, bgr.length);

        TopDownAffine map = TopDownAffine.ofPicture(size[0], size[1]);
        float[] input = new float[3 * TopDownAffine.INPUT_HEIGHT * TopDownAffine.INPUT_WIDTH];
        map.warp(bgr, size[0], size[1], input);
        float[] expected = ReferencePython.floats(out.resolve("warp.f32"));
        float[] std = {58.395f, 57.12f, 57.375f};
        int plane = TopDownAffine.INPUT_HEIGHT * TopDownAffine.INPUT_WIDTH;
        double worst = 0;
        int offByMore = 0;
        for (int i = 0; i < input.length; i++) {
            double levels = Math.abs(input[i] - expected[i]) * std[i / plane];
            worst = Math.max(worst, levels);
            offByMore += levels > 1.01 ? 1 : 0;
        }
        // OpenCV interpolates in fixed point (positions and weights in 1/32 pixel); this is computed exactly.
        // Where that rounding meets a sharp edge, a value can differ by a few levels.
        assertTrue(worst < 6, "the warp differs from OpenCV's by up to " + worst + " levels");
        assertTrue(offByMore < input.length / 100, offByMore + " of " + input.length
                + " values differ from OpenCV's by more than one level");

        float[] u = new float[LandmarkBox.FACE_LANDMARKS];
        float[] v = new float[LandmarkBox.FACE_LANDMARKS];
        SimccDecoder.decodeFace(ReferencePython.floats(out.resolve("simcc_x.f32")),
                ReferencePython.floats(out.resolve("simcc_y.f32")), ReferencePython.floats(out.resolve("flip_x.f32")),
                ReferencePython.floats(out.resolve("flip_y.f32")), u, v);
        List<String> lines = Files.readAllLines(out.resolve("face.txt"));
        assertEquals(LandmarkBox.FACE_LANDMARKS, lines.size());
        for (int f = 0; f < lines.size(); f++) {
            String[] xy = lines.get(f).strip().split("\\s+");
            assertEquals(Double.parseDouble(xy[0]), map.pictureX(u[f]), 1e-3, "x of face keypoint " + f);
            assertEquals(Double.parseDouble(xy[1]), map.pictureY(v[f]), 1e-3, "y of face keypoint " + f);
        }
    }
}
