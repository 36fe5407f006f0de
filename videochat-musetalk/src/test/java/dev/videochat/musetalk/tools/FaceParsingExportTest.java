package dev.videochat.musetalk.tools;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.videochat.core.testing.TestAssets;
import dev.videochat.musetalk.face.FaceParser;
import dev.videochat.musetalk.testing.ReferencePython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export script's face-parsing path run for real: MuseTalk's own BiSeNet code with seeded random weights laid
 * out as MuseTalk's weight download lays them out, exported by {@code tools/export_onnx.py --faces-only}, then
 * the ONNX file run by the SDK and compared with PyTorch on a photo: the raw logits, and the labels of the SDK's
 * whole path (Pillow-equivalent resize, ImageNet normalisation, argmax) against MuseTalk's preparation in PyTorch.
 *
 * <p>It skips, saying what is missing, unless there is a Python with torch, torchvision, onnx and Pillow
 * (Debian's python3-torch, python3-torchvision and python3-onnx do), a MuseTalk checkout in
 * {@code $VIDEOCHAT_MUSETALK_SRC}, and the shared test assets.
 */
class FaceParsingExportTest {

    @TempDir
    Path dir;

    @Test
    void theExportedFaceParserAgreesWithMuseTalksBiSeNetInPyTorch() throws Exception {
        Path photo = TestAssets.require("avatar/obama_official_portrait.jpg");
        Path src = ReferencePython.checkout("VIDEOCHAT_MUSETALK_SRC", "musetalk/utils/face_parsing/model.py",
                "a MuseTalk checkout");
        String python = ReferencePython.require("torch, torchvision, onnx, PIL",
                "apt-get install python3-torch python3-torchvision python3-onnx");
        Path weights = dir.resolve("face-parse-bisent");
        Path reference = dir.resolve("reference");
        Path models = dir.resolve("models");

        Path script = ReferencePython.script("/dev/videochat/musetalk/face/face_parsing_reference.py", dir);
        int[] size = ReferencePython.size(ReferencePython.run(python, script.toString(), src.toString(),
                weights.toString(), photo.toString(), reference.toString()));
        String exported = ReferencePython.run(python, Path.of("tools", "export_onnx.py").toAbsolutePath().toString(),
                "--faces-only", "--musetalk-src", src.toString(), "--out", models.toString(), "--face-parsing",
                weights.resolve("79999_iter.pth").toString());
        assertTrue(exported.contains("wrote " + models.resolve("face_parsing.onnx")), exported);

        // The graph on PyTorch's own input tensor.
        float[] input = ReferencePython.floats(reference.resolve("input.f32"));
        float[] expected = ReferencePython.floats(reference.resolve("logits.f32"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(models.resolve("face_parsing.onnx").toString(),
                new OrtSession.SessionOptions());
             OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, 512, 512});
             OrtSession.Result result = session.run(Map.of(FaceParser.INPUT, tensor))) {
            float[] actual = new float[expected.length];
            ((OnnxTensor) result.get(FaceParser.OUTPUT).orElseThrow()).getFloatBuffer().get(actual);
            double worst = 0;
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            }
            assertTrue(worst < 1e-3, "logits differ from PyTorch's by up to " + worst);
        }

        // The SDK's whole path on the decoded photo against MuseTalk's preparation in PyTorch.
        byte[] rgb = Files.readAllBytes(reference.resolve("photo.rgb"));
        assertEquals(size[0] * size[1] * 3, rgb.length);
        byte[] bgr = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        byte[] torchLabels = Files.readAllBytes(reference.resolve("labels.u8"));
        try (FaceParser parser = FaceParser.open(models.resolve("face_parsing.onnx"))) {
            byte[] labels = parser.labels(bgr, size[0], size[1]);
            int same = 0;
            for (int i = 0; i < labels.length; i++) {
                same += labels[i] == torchLabels[i] ? 1 : 0;
            }
            // A pixel whose two best classes are within a resize rounding of each other may flip.
            assertTrue(same >= labels.length * 0.999, same + " of " + labels.length + " labels agree with PyTorch's");
        }
    }
}
