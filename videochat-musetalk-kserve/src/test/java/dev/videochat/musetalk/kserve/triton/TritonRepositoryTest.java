package dev.videochat.musetalk.kserve.triton;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.TextFormat;
import dev.videochat.api.ConfigurationException;
import dev.videochat.core.testing.OnnxGraph;
import dev.videochat.musetalk.kserve.triton.config.DataType;
import dev.videochat.musetalk.kserve.triton.config.ModelConfig;
import dev.videochat.musetalk.kserve.triton.config.ModelInstanceGroup;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.videochat.core.testing.OnnxGraph.FLOAT;
import static dev.videochat.core.testing.OnnxGraph.INT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated Triton repository, checked structurally: every {@code config.pbtxt} parses as Triton's ModelConfig
 * in protobuf text format, and its inputs and outputs are the ONNX file's, as ONNX Runtime reads them.
 */
class TritonRepositoryTest {

    @TempDir
    Path dir;

    private static ModelConfig parse(Path config) throws Exception {
        ModelConfig.Builder builder = ModelConfig.newBuilder();
        TextFormat.getParser().merge(Files.readString(config, StandardCharsets.UTF_8), builder);
        return builder.build();
    }

    /** Checks one written model folder against the ONNX file in it, read by ONNX Runtime. */
    private static ModelConfig checkModel(Path folder) throws Exception {
        ModelConfig config = parse(folder.resolve("config.pbtxt"));
        assertEquals(folder.getFileName().toString(), config.getName());
        assertEquals("onnxruntime_onnx", config.getPlatform());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(folder.resolve("1/model.onnx").toString())) {
            List<String> inputs = new ArrayList<>();
            config.getInputList().forEach(in -> {
                inputs.add(in.getName());
                assertMatches(config, in.getName(), in.getDataType(), in.getDimsList(),
                        in.hasReshape() ? in.getReshape().getShapeList() : null, session, true);
            });
            List<String> outputs = new ArrayList<>();
            config.getOutputList().forEach(out -> {
                outputs.add(out.getName());
                assertMatches(config, out.getName(), out.getDataType(), out.getDimsList(), null, session, false);
            });
            assertEquals(List.copyOf(session.getInputNames()), inputs);
            assertEquals(List.copyOf(session.getOutputNames()), outputs);
        }
        return config;
    }

    private static void assertMatches(ModelConfig config, String name, DataType type, List<Long> dims,
                                      List<Long> reshape, OrtSession session, boolean input) {
        try {
            TensorInfo info = (TensorInfo) (input ? session.getInputInfo() : session.getOutputInfo()).get(name)
                    .getInfo();
            assertEquals(switch (info.type) {
                case FLOAT -> DataType.TYPE_FP32;
                case INT64 -> DataType.TYPE_INT64;
                case UINT8 -> DataType.TYPE_UINT8;
                default -> DataType.TYPE_INVALID;
            }, type, name);
            long[] onnx = Arrays.stream(info.getShape()).map(d -> d < 0 ? -1 : d).toArray();
            List<Long> perItem = reshape != null ? reshape : dims;
            long[] full = config.getMaxBatchSize() > 0
                    ? concat(-1, perItem) : perItem.stream().mapToLong(Long::longValue).toArray();
            assertArrayEquals(onnx, full, config.getName() + " " + name + " " + dims);
        } catch (ai.onnxruntime.OrtException e) {
            throw new AssertionError(e);
        }
    }

    private static long[] concat(long first, List<Long> rest) {
        long[] all = new long[rest.size() + 1];
        all[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 1] = rest.get(i);
        }
        return all;
    }

    @Test
    void everyConfigOfTheSeparateModelsParsesAndNamesTheOnnxTensors() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        TritonRepository.Written written = TritonRepository.write(models, dir.resolve("repo"), TritonOptions.defaults());
        assertEquals(List.of("whisper", "unet", "vae_decoder"),
                written.models().stream().map(p -> p.getFileName().toString()).toList());
        for (Path model : written.models()) {
            checkModel(model);
        }
        assertArrayEquals(Files.readAllBytes(models.resolve("unet.onnx")),
                Files.readAllBytes(dir.resolve("repo/unet/1/model.onnx")));
    }

    @Test
    void theFusedModelReplacesTheUnetAndTheDecoder() throws Exception {
        Path models = TinyMuseTalkModels.writeFused(dir.resolve("models"));
        TritonRepository.Written written = TritonRepository.write(models, dir.resolve("repo"),
                TritonOptions.defaults());
        assertEquals(List.of("whisper", "unet_decoder"),
                written.models().stream().map(p -> p.getFileName().toString()).toList());
        ModelConfig fused = checkModel(written.models().get(1));
        assertEquals(DataType.TYPE_UINT8, fused.getOutput(0).getDataType());
    }

    @Test
    void aModelBatchedOnEveryTensorGetsTheDynamicBatcherAndOneWithoutIsNamedInTheNotes() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        TritonRepository.Written written = TritonRepository.write(models, dir.resolve("repo"),
                TritonOptions.defaults());
        ModelConfig decoder = parse(dir.resolve("repo/vae_decoder/config.pbtxt"));
        assertEquals(16, decoder.getMaxBatchSize());
        assertEquals(List.of(4, 8, 16), decoder.getDynamicBatching().getPreferredBatchSizeList());
        assertEquals(2_000, decoder.getDynamicBatching().getMaxQueueDelayMicroseconds());
        assertEquals(List.of(4L, 32L, 32L), decoder.getInput(0).getDimsList());
        ModelConfig unet = parse(dir.resolve("repo/unet/config.pbtxt"));
        assertEquals(0, unet.getMaxBatchSize());
        assertTrue(!unet.hasDynamicBatching());
        assertEquals(2, written.notes().size(), written.notes().toString());
        assertTrue(written.notes().get(1).contains("'unet'") && written.notes().get(1).contains("'timestep' [ 1 ]"),
                written.notes().get(1));
    }

    @Test
    void aPerFrameTimestepIsDeclaredAsOneReshapedToNothingSoTritonCanBatchTheUnet() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        new OnnxGraph("unet_batched_timestep")
                .input("sample", FLOAT, "B", 8, 32, 32)
                .input("timestep", INT64, "B")
                .input("encoder_hidden_states", FLOAT, "B", 50, 384)
                .output("latents", FLOAT, "B", 4, 32, 32)
                .floats("w", new long[] {4, 8, 1, 1}, new float[32])
                .node("Conv", new String[] {"sample", "w"}, new String[] {"latents"})
                .write(models.resolve("unet.onnx"));
        TritonRepository.write(models, dir.resolve("repo"), TritonOptions.defaults());
        ModelConfig unet = checkModel(dir.resolve("repo/unet"));
        assertEquals(16, unet.getMaxBatchSize());
        assertTrue(unet.hasDynamicBatching());
        var timestep = unet.getInput(1);
        assertEquals(List.of(1L), timestep.getDimsList());
        assertEquals(List.of(), timestep.getReshape().getShapeList());
    }

    @Test
    void theAcceleratorAndInstanceGroupsAreWrittenAsTritonNamesThem() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        TritonOptions tensorrt = new TritonOptions(TritonOptions.Accelerator.TENSORRT, 8, List.of(8), 500, 2,
                List.of(0, 1), "mt15_", true);
        TritonRepository.write(models, dir.resolve("trt"), tensorrt);
        ModelConfig unet = checkModel(dir.resolve("trt/mt15_unet"));
        var accelerator = unet.getOptimization().getExecutionAccelerators().getGpuExecutionAccelerator(0);
        assertEquals("tensorrt", accelerator.getName());
        assertEquals(Map.of("precision_mode", "FP16", "max_workspace_size_bytes", "1073741824"),
                accelerator.getParametersMap());
        assertEquals(ModelInstanceGroup.Kind.KIND_GPU, unet.getInstanceGroup(0).getKind());
        assertEquals(2, unet.getInstanceGroup(0).getCount());
        assertEquals(List.of(0, 1), unet.getInstanceGroup(0).getGpusList());

        TritonRepository.write(models, dir.resolve("cpu"), TritonOptions.defaults()
                .withAccelerator(TritonOptions.Accelerator.CPU));
        ModelConfig cpu = checkModel(dir.resolve("cpu/whisper"));
        assertEquals(ModelInstanceGroup.Kind.KIND_CPU, cpu.getInstanceGroup(0).getKind());
        assertTrue(!cpu.hasOptimization());
    }

    @Test
    void aFolderWithoutTheFaceModelsIsRefusedNamingTheFilesItNeeds() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyMuseTalkModels.whisper().write(models.resolve("whisper_tiny_states.onnx"));
        var e = assertThrows(ConfigurationException.class,
                () -> TritonRepository.write(models, dir.resolve("repo"), TritonOptions.defaults()));
        assertTrue(e.getMessage().contains("unet_vae_decoder.onnx") && e.getMessage().contains("vae_decoder.onnx"),
                e.getMessage());
    }
}
