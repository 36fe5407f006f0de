package dev.videochat.musetalk.runtime;

import dev.videochat.api.ModelException;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels.UnetShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractTest {

    private static final MuseTalkOptions CPU = MuseTalkOptions.builder()
            .device(ExecutionDevice.CPU).batchSize(1).intraOpThreads(1).build();

    @TempDir
    Path dir;

    private String failureOf(Path folder) {
        ModelException e = assertThrows(ModelException.class, () -> MuseTalkRuntime.open(folder, CPU, List::of));
        return e.getMessage();
    }

    @Test
    void aRenamedInputIsRejectedWithTheNamesTheModelHas() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        TinyMuseTalkModels.unet(UnetShape.RENAMED_SAMPLE).write(dir.resolve("unet.onnx"));
        String message = failureOf(dir);
        assertTrue(message.contains(dir.resolve("unet.onnx").toString()), message);
        assertTrue(message.contains("input 'sample' is missing"), message);
        assertTrue(message.contains("input_latents"), message);
        assertTrue(message.contains("unet.sample=<name>"), message);
    }

    @Test
    void theManifestMapsARenamedInput() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        TinyMuseTalkModels.unet(UnetShape.RENAMED_SAMPLE).write(dir.resolve("unet.onnx"));
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), "version=v1.0\nunet.sample=input_latents\n");
        try (MuseTalkRuntime rt = MuseTalkRuntime.open(dir, CPU, List::of)) {
            assertEquals(MuseTalkVersion.V1_0, rt.version());
            rt.faces().generate();
        }
    }

    @Test
    void aWrongLatentSizeIsRejectedWithBothShapes() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        TinyMuseTalkModels.unet(UnetShape.SMALL_LATENT).write(dir.resolve("unet.onnx"));
        String message = failureOf(dir);
        assertTrue(message.contains("input 'sample' has shape [?, 8, 16, 16], expected [B, 8, 32, 32]"), message);
    }

    @Test
    void aFloatTimestepIsRejected() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        TinyMuseTalkModels.unet(UnetShape.FLOAT_TIMESTEP).write(dir.resolve("unet.onnx"));
        String message = failureOf(dir);
        assertTrue(message.contains("input 'timestep' has element type FLOAT, expected INT64"), message);
    }

    @Test
    void anUnrelatedModelInTheWhisperSlotIsRejected() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        TinyMuseTalkModels.unrelated().write(dir.resolve("whisper_tiny_states.onnx"));
        String message = failureOf(dir);
        assertTrue(message.contains("whisper_tiny_states.onnx does not fit the MuseTalk WHISPER_ENCODER contract"), message);
        assertTrue(message.contains("input 'input_features' is missing"), message);
    }

    @Test
    void aDecoderInTheEncoderSlotIsRejected() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        TinyMuseTalkModels.vaeDecoder().write(dir.resolve("vae_encoder.onnx"));
        String message = failureOf(dir);
        assertTrue(message.contains("VAE_ENCODER contract: input 'image' is missing"), message);
    }

    @Test
    void aMissingModelFileIsNamed() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        Files.delete(dir.resolve("vae_decoder.onnx"));
        String message = failureOf(dir);
        assertTrue(message.contains("VAE_DECODER model " + dir.resolve("vae_decoder.onnx").toAbsolutePath() + " does not exist"),
                message);
    }

    @Test
    void aFileThatIsNotOnnxIsNamed() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        Files.writeString(dir.resolve("unet.onnx"), "version https://git-lfs.github.com/spec/v1\n");
        String message = failureOf(dir);
        assertTrue(message.contains("cannot load the UNET model " + dir.resolve("unet.onnx")), message);
    }

    @Test
    void theManifestChoosesOtherFileNames() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        Files.move(dir.resolve("unet.onnx"), dir.resolve("musetalk_v15_unet.onnx"));
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), "unet.file=musetalk_v15_unet.onnx\n");
        try (MuseTalkRuntime rt = MuseTalkRuntime.open(dir, CPU, List::of)) {
            assertEquals(1, rt.faces().batchSize());
        }
    }

    @Test
    void aWhisperEncoderWithFourStatesIsRejected() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        TinyMuseTalkModels.whisperWithStates(4).write(dir.resolve("whisper_tiny_states.onnx"));
        String message = failureOf(dir);
        assertTrue(message.contains("whisper_tiny_states.onnx") && message.contains("output 'states' has shape "
                + "[1, 1500, 4, 384], expected [1, 1500, 5, 384]"), message);
    }

    @Test
    void aFusedGraphWithFloatOutputIsRejected() throws IOException {
        TinyMuseTalkModels.writeFused(dir);
        TinyMuseTalkModels.unetDecoderWithFloatOutput().write(dir.resolve("unet_vae_decoder.onnx"));
        String message = failureOf(dir);
        assertTrue(message.contains("unet_vae_decoder.onnx") && message.contains("output 'bgr_u8' has element type "
                + "FLOAT, expected UINT8"), message);
    }

    @Test
    void aVaeEncoderExportedForAnotherBatchIsRefusedWithBothSizes() throws IOException {
        TinyMuseTalkModels.writeSeparate(dir);
        TinyMuseTalkModels.vaeEncoder(2L).write(dir.resolve("vae_encoder.onnx"));
        String message = failureOf(dir);
        assertTrue(message.contains("vae_encoder.onnx is exported for batch 2 but batch 1 is configured"), message);
    }
}
