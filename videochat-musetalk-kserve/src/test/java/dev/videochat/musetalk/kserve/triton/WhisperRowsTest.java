package dev.videochat.musetalk.kserve.triton;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Whisper encoder with row inputs: what ONNX Runtime makes of the appended graph, and what it answers. */
class WhisperRowsTest {

    private static final int ROW = 5 * 384;

    @TempDir
    Path dir;

    @Test
    void theRowsOutputIsTheSliceOfTheStatesThatWasAskedFor() throws Exception {
        Path plain = TinyMuseTalkModels.writeSeparate(dir.resolve("models")).resolve("whisper_tiny_states.onnx");
        Path rows = dir.resolve("whisper_rows.onnx");
        WhisperRows.write(plain, rows, "states");

        byte[] before = Files.readAllBytes(plain);
        byte[] after = Files.readAllBytes(rows);
        assertTrue(after.length > before.length);
        assertArrayEquals(before, Arrays.copyOf(after, before.length), "the original model is kept byte for byte");

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] features = new float[80 * 3000];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) Math.sin(i * 0.0137) * 0.8f;
        }
        try (OrtSession session = env.createSession(rows.toString(), new OrtSession.SessionOptions())) {
            assertEquals(List.of("input_features", WhisperRows.FIRST_ROW, WhisperRows.END_ROW),
                    List.copyOf(session.getInputNames()));
            assertEquals(List.of("states", "states_rows"), List.copyOf(session.getOutputNames()));
            TensorInfo first = (TensorInfo) session.getInputInfo().get(WhisperRows.FIRST_ROW).getInfo();
            assertArrayEquals(new long[] {1}, first.getShape());
            for (int[] range : new int[][] {{0, 10}, {37, 64}, {1490, 1500}, {0, 1500}}) {
                try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(features),
                        new long[] {1, 80, 3000});
                     OnnxTensor from = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {range[0]}),
                             new long[] {1});
                     OnnxTensor to = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {range[1]}),
                             new long[] {1});
                     OrtSession.Result result = session.run(Map.of("input_features", in, WhisperRows.FIRST_ROW, from,
                             WhisperRows.END_ROW, to))) {
                    OnnxTensor all = (OnnxTensor) result.get("states").orElseThrow();
                    OnnxTensor some = (OnnxTensor) result.get("states_rows").orElseThrow();
                    int count = range[1] - range[0];
                    assertArrayEquals(new long[] {1, count, 5, 384}, some.getInfo().getShape());
                    float[] expected = new float[count * ROW];
                    all.getFloatBuffer().get(range[0] * ROW, expected);
                    float[] actual = new float[count * ROW];
                    some.getFloatBuffer().get(actual);
                    assertArrayEquals(expected, actual, "rows " + range[0] + ".." + range[1]);
                }
            }
        }

        OnnxSignature signature = OnnxSignature.read(rows);
        assertEquals(List.of("input_features", WhisperRows.FIRST_ROW, WhisperRows.END_ROW),
                signature.inputs().stream().map(OnnxSignature.Tensor::name).toList());
        assertEquals(List.of("states", "states_rows"),
                signature.outputs().stream().map(OnnxSignature.Tensor::name).toList());
    }

    @Test
    void theRepositoryServesTheWhisperWithRowInputs() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        TritonRepository.write(models, dir.resolve("repo"), TritonOptions.defaults());
        String config = Files.readString(dir.resolve("repo/whisper/config.pbtxt"));
        assertTrue(config.contains("\"" + WhisperRows.FIRST_ROW + "\"") && config.contains("\"states_rows\""),
                config);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(
                dir.resolve("repo/whisper/1/model.onnx").toString(), new OrtSession.SessionOptions())) {
            assertTrue(session.getInputNames().contains(WhisperRows.END_ROW), session.getInputNames().toString());
        }
    }
}
