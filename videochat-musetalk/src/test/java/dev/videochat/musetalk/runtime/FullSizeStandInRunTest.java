package dev.videochat.musetalk.runtime;

import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.testmodels.FullSizeModels;
import dev.videochat.musetalk.testmodels.FullSizeModels.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stand-in generator at an eighth of the width (same layers, 14 M UNet parameters) writes files that ONNX
 * Runtime loads under the MuseTalk contract and runs end to end: the generated graphs are valid ONNX, external
 * weights included.
 */
class FullSizeStandInRunTest {

    private static final MuseTalkOptions CPU_BATCH_2 = MuseTalkOptions.builder()
            .device(ExecutionDevice.CPU).batchSize(2).intraOpThreads(1).build();

    @TempDir
    Path dir;

    @Test
    void narrowStandInsRunThroughTheRuntimeAndFollowTheirInputs() throws IOException {
        Path folder = FullSizeModels.writeFolder(dir.resolve("separate"), Precision.FP32, false, 8);
        try (MuseTalkRuntime rt = MuseTalkRuntime.open(folder, CPU_BATCH_2, List::of)) {
            float[] speech = new float[16000];
            for (int i = 0; i < speech.length; i++) {
                speech[i] = (float) (0.3 * Math.sin(2 * Math.PI * 180 * i / 16000.0));
            }
            float[] states = rt.whisper().encode(speech);
            int rows = AudioPrompts.featureRows(speech.length);
            assertEquals(rows * AudioPrompts.ROW_SIZE, states.length);
            assertTrue(Float.isFinite(states[states.length - 1]));

            FaceGenerator faces = rt.faces();
            for (int i = 0; i < faces.latents().limit(); i++) {
                faces.latents().put(i, (float) Math.sin(i * 0.01));
            }
            faces.setPrompt(0, MuseTalkVersion.V1_5, states, rows, 0, 25);
            faces.setPrompt(1, MuseTalkVersion.V1_5, states, rows, 10, 25);
            faces.generate();
            FloatBuffer latents = faces.unetOutput();
            assertEquals(2 * FaceGenerator.OUTPUT_LATENT_FLOATS, latents.limit());
            assertTrue(Float.isFinite(latents.get(7)));
            assertTrue(latents.get(7) != latents.get(FaceGenerator.OUTPUT_LATENT_FLOATS + 7),
                    "different prompts must give different latents");
            ByteBuffer frames = faces.frames();
            assertEquals(2 * FaceGenerator.FRAME_BYTES, frames.limit());
            assertTrue(distinctValues(frames) > 16, "decoded faces must not be flat");
        }
    }

    @Test
    void narrowFusedStandInRunsThroughTheRuntime() throws IOException {
        Path folder = FullSizeModels.writeFolder(dir.resolve("fused"), Precision.FP32, true, 8);
        try (MuseTalkRuntime rt = MuseTalkRuntime.open(folder, CPU_BATCH_2, List::of)) {
            FaceGenerator faces = rt.faces();
            assertTrue(faces.fused());
            for (int i = 0; i < faces.latents().limit(); i++) {
                faces.latents().put(i, (float) Math.cos(i * 0.02));
            }
            faces.generate();
            assertTrue(distinctValues(faces.frames()) > 16, "decoded faces must not be flat");
        }
    }

    private static int distinctValues(ByteBuffer bytes) {
        boolean[] seen = new boolean[256];
        int n = 0;
        for (int i = 0; i < bytes.limit(); i++) {
            int v = bytes.get(i) & 0xff;
            if (!seen[v]) {
                seen[v] = true;
                n++;
            }
        }
        return n;
    }
}
