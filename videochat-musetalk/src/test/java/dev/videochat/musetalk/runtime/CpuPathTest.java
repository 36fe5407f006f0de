package dev.videochat.musetalk.runtime;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.testing.TestAssets;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.audio.WhisperLogMel;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuPathTest {

    private static final MuseTalkOptions CPU_BATCH_2 = MuseTalkOptions.builder()
            .device(ExecutionDevice.CPU).batchSize(2).intraOpThreads(1).build();

    @TempDir
    Path dir;

    private MuseTalkRuntime open(Path folder) {
        return MuseTalkRuntime.open(folder, CPU_BATCH_2, List::of);
    }

    @Test
    void unetProducesBatchTimes4x32x32FromLatentsAndPrompts() throws IOException {
        try (MuseTalkRuntime rt = open(TinyMuseTalkModels.writeSeparate(dir))) {
            FaceGenerator faces = rt.faces();
            assertEquals(2, faces.batchSize());
            fill(faces.latents(), 0.01f);
            fill(faces.prompts(), 0.5f);
            faces.prompts().put(AudioPrompts.PROMPT_SIZE, 0.5f + 50 * 384 * 0.25f); // slot 1's mean rises by 0.25
            faces.generate();
            FloatBuffer out = faces.unetOutput();
            assertEquals(2 * 4 * 32 * 32, out.limit());
            // tiny UNet: conv1x1(sample) + mean(prompt) + timestep(0); both slots share the latents
            float difference = out.get(FaceGenerator.OUTPUT_LATENT_FLOATS + 5) - out.get(5);
            assertEquals(0.25f, difference, 1e-4f);
        }
    }

    @Test
    void decodedFacesAreBgrBytesThatFollowTheLatents() throws IOException {
        try (MuseTalkRuntime rt = open(TinyMuseTalkModels.writeSeparate(dir))) {
            FaceGenerator faces = rt.faces();
            fill(faces.prompts(), 0f);
            fill(faces.latents(), 0f);
            faces.generate();
            ByteBuffer black = copy(faces.frames());
            assertEquals(2 * FaceGenerator.FRAME_BYTES, black.limit());
            fill(faces.latents(), 0.3f);
            faces.generate();
            ByteBuffer lit = copy(faces.frames());
            assertNotEquals(black, lit, "the pinned output buffers must be rewritten by each run");
        }
    }

    @Test
    void fusedAndSeparateModelsGiveTheSameFaces() throws IOException {
        ByteBuffer separate;
        ByteBuffer fused;
        try (MuseTalkRuntime rt = open(TinyMuseTalkModels.writeSeparate(dir.resolve("separate")))) {
            separate = run(rt.faces());
        }
        try (MuseTalkRuntime rt = open(TinyMuseTalkModels.writeFused(dir.resolve("fused")))) {
            assertTrue(rt.faces().fused());
            fused = run(rt.faces());
        }
        int maxDiff = 0;
        for (int i = 0; i < separate.limit(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs((separate.get(i) & 0xFF) - (fused.get(i) & 0xFF)));
        }
        assertTrue(maxDiff <= 1, "Java post-processing differs from the in-graph one by " + maxDiff);
        assertNotEquals(separate.get(0), separate.get(2), "blue and red differ in this test pattern");
    }

    @Test
    void speechBecomesFiftyFeatureRowsPerSecondAndPrompts() throws IOException {
        AudioChunk jfk = Wav.read(TestAssets.require("audio/en/jfk.wav"));
        try (MuseTalkRuntime rt = open(TinyMuseTalkModels.writeSeparate(dir))) {
            float[] states = rt.whisper().encode(jfk);
            int rows = AudioPrompts.featureRows(jfk.sampleCount());
            assertEquals(550, rows);
            assertEquals(rows * AudioPrompts.ROW_SIZE, states.length);
            // tiny Whisper: row r, channel 0 = log-mel band 0 at frame 2r
            float[] mel = new float[WhisperLogMel.OUTPUT_SIZE];
            float[] samples = new float[jfk.sampleCount()];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = jfk.sample(i) / 32768f;
            }
            new WhisperLogMel().compute(samples, 0, samples.length, mel);
            assertEquals(mel[2 * 100], states[100 * AudioPrompts.ROW_SIZE], 1e-6f);
            FaceGenerator faces = rt.faces();
            faces.setPrompt(0, MuseTalkVersion.V1_5, states, rows, 10, 25);
            faces.setPrompt(1, MuseTalkVersion.V1_5, states, rows, 11, 25);
            faces.generate();
            assertNotEquals(faces.unetOutput().get(0), faces.unetOutput().get(FaceGenerator.OUTPUT_LATENT_FLOATS));
        }
    }

    @Test
    void clipsLongerThanThirtySecondsAreEncodedWindowByWindow() throws IOException {
        float[] samples = new float[35 * 16_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.3 * Math.sin(i * 0.05));
        }
        try (MuseTalkRuntime rt = open(TinyMuseTalkModels.writeSeparate(dir))) {
            float[] states = rt.whisper().encode(samples);
            assertEquals(1750 * AudioPrompts.ROW_SIZE, states.length);
            assertNotEquals(0f, states[1600 * AudioPrompts.ROW_SIZE]);
        }
    }

    @Test
    void vaeEncoderTurnsAFaceIntoA4x32x32Latent() throws IOException {
        try (MuseTalkRuntime rt = open(TinyMuseTalkModels.writeSeparate(dir))) {
            float[] image = new float[VaeEncoder.IMAGE_FLOATS];
            java.util.Arrays.fill(image, 1f);
            float[] latent = rt.vaeEncoder().orElseThrow().encode(image);
            assertEquals(4 * 32 * 32, latent.length);
            assertEquals(latent[0], latent[33], 1e-6f); // a uniform image gives a uniform latent per channel
        }
    }

    @Test
    void theCpuDecisionIsReported() throws IOException {
        try (MuseTalkRuntime rt = open(TinyMuseTalkModels.writeSeparate(dir))) {
            assertEquals(ExecutionDevice.CPU, rt.device().device());
            assertEquals(MuseTalkVersion.V1_5, rt.version());
        }
    }

    private static ByteBuffer run(FaceGenerator faces) {
        for (int i = 0; i < faces.latents().limit(); i++) {
            faces.latents().put(i, (float) Math.sin(i * 0.01) * 0.4f);
        }
        fill(faces.prompts(), 0.05f);
        faces.generate();
        return copy(faces.frames());
    }

    private static void fill(FloatBuffer b, float v) {
        for (int i = 0; i < b.limit(); i++) {
            b.put(i, v);
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.limit());
        c.put(b.duplicate().rewind());
        return c.flip();
    }
}
