package dev.videochat.musetalk.tools;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.videochat.core.testing.TestAssets;
import dev.videochat.musetalk.face.FaceParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export script's face-parsing path run for real: MuseTalk's own BiSeNet code with seeded random weights laid
 * out as MuseTalk's weight download lays them out, exported by {@code tools/export_onnx.py --faces-only}, then
 * the ONNX file run by the SDK and compared with PyTorch on a photo: the raw logits, and the labels of the SDK's
 * whole path (Pillow-equivalent resize, ImageNet normalisation, argmax) against MuseTalk's preparation in PyTorch.
 *
 * <p>It needs what a MuseTalk install has, so it skips, saying what is missing, unless there is a Python with
 * torch, torchvision, onnx and Pillow ({@code $VIDEOCHAT_TORCH_PYTHON}, else {@code python3}, else
 * {@code /usr/bin/python3}; Debian's python3-torch, python3-torchvision and python3-onnx do), a MuseTalk checkout in
 * {@code $VIDEOCHAT_MUSETALK_SRC}, and the shared test assets.
 */
class FaceParsingExportTest {

    private static final String NEEDS = "import torch, torchvision, onnx, PIL";

    @TempDir
    Path dir;

    @Test
    void theExportedFaceParserAgreesWithMuseTalksBiSeNetInPyTorch() throws Exception {
        Path photo = TestAssets.require("avatar/obama_official_portrait.jpg");
        String src = System.getenv("VIDEOCHAT_MUSETALK_SRC");
        Assumptions.assumeTrue(src != null && Files.isRegularFile(Path.of(src, "musetalk", "utils", "face_parsing",
                "model.py")), "skipped: set VIDEOCHAT_MUSETALK_SRC to a MuseTalk checkout (its "
                + "musetalk/utils/face_parsing/model.py is the network exported)");
        Optional<String> found = python();
        Assumptions.assumeTrue(found.isPresent(), "skipped: no Python with torch, torchvision, onnx and Pillow "
                + "(set VIDEOCHAT_TORCH_PYTHON, or apt-get install python3-torch python3-torchvision python3-onnx)");
        String python = found.get();
        Path weights = dir.resolve("face-parse-bisent");
        Path reference = dir.resolve("reference");
        Path models = dir.resolve("models");

        Path script = dir.resolve("face_parsing_reference.py");
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(
                "/dev/videochat/musetalk/face/face_parsing_reference.py"))) {
            Files.copy(in, script);
        }
        String size = run(python, script.toString(), src, weights.toString(), photo.toString(), reference.toString());
        String[] lines = size.strip().split("\n");
        String[] wh = lines[lines.length - 1].strip().split(" ");
        int width = Integer.parseInt(wh[0]);
        int height = Integer.parseInt(wh[1]);

        String exported = run(python, Path.of("tools", "export_onnx.py").toAbsolutePath().toString(), "--faces-only",
                "--musetalk-src", src, "--out", models.toString(), "--face-parsing",
                weights.resolve("79999_iter.pth").toString());
        assertTrue(exported.contains("wrote " + models.resolve("face_parsing.onnx")), exported);

        // The graph on PyTorch's own input tensor.
        float[] input = floats(reference.resolve("input.f32"));
        float[] expected = floats(reference.resolve("logits.f32"));
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
        assertEquals(width * height * 3, rgb.length);
        byte[] bgr = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        byte[] torchLabels = Files.readAllBytes(reference.resolve("labels.u8"));
        try (FaceParser parser = FaceParser.open(models.resolve("face_parsing.onnx"))) {
            byte[] labels = parser.labels(bgr, width, height);
            int same = 0;
            for (int i = 0; i < labels.length; i++) {
                same += labels[i] == torchLabels[i] ? 1 : 0;
            }
            // A pixel whose two best classes are within a resize rounding of each other may flip.
            assertTrue(same >= labels.length * 0.999, same + " of " + labels.length + " labels agree with PyTorch's");
        }
    }

    /** The first Python that has what the export needs. */
    private static Optional<String> python() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("VIDEOCHAT_TORCH_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", NEEDS).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
                p.destroyForcibly();
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        return Optional.empty();
    }

    /** Runs a command to its end and returns what it printed; fails the test on a non-zero exit. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
        return text;
    }

    private static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
