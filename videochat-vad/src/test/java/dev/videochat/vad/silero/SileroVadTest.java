package dev.videochat.vad.silero;

import dev.videochat.api.ModelException;
import dev.videochat.api.vad.VadStream;
import dev.videochat.vad.testmodels.TinySileroModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SileroVad} on a stand-in model with Silero's tensors, whose answers are computed by hand. */
class SileroVadTest {

    @TempDir
    Path dir;
    private SileroVad vad;

    @BeforeEach
    void load() throws Exception {
        vad = SileroVad.load(TinySileroModel.write(dir));
    }

    @AfterEach
    void close() {
        vad.close();
    }

    @Test
    void takes512SampleFramesAt16kHz() {
        assertEquals("silero", vad.name());
        assertEquals(16_000, vad.sampleRate());
        assertEquals(512, vad.frameSamples());
    }

    @Test
    void eachFrameIsSeenWithThePreviousFramesLast64SamplesAndTheCarriedState() {
        short[][] frames = frames(12, 7);
        float[] expected = reference(frames);

        try (VadStream stream = vad.open()) {
            for (int f = 0; f < frames.length; f++) {
                assertEquals(expected[f], stream.speechProbability(frames[f]), 1e-5, "frame " + f);
            }
        }
    }

    @Test
    void loudFramesReadAsSpeechAndSilenceAsNot() {
        try (VadStream stream = vad.open()) {
            assertTrue(stream.speechProbability(new short[512]) < 0.05f);
            assertTrue(stream.speechProbability(square(3277)) > 0.95f);
        }
    }

    @Test
    void resetForgetsStateAndContext() {
        short[][] frames = frames(6, 11);
        try (VadStream stream = vad.open()) {
            float[] first = run(stream, frames);
            stream.reset();
            assertArrayEquals(first, run(stream, frames));
        }
    }

    @Test
    void streamsKeepTheirOwnStateWhileSharingTheModelAcrossThreads() throws Exception {
        short[][] frames = frames(40, 3);
        float[] expected = reference(frames);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    try (VadStream stream = vad.open()) {
                        return run(stream, frames);
                    }
                }));
            }
            for (Future<float[]> r : results) {
                assertArrayEquals(expected, r.get(), 1e-5f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFrameOfAnotherLengthIsRefusedWithItsLength() {
        try (VadStream stream = vad.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> stream.speechProbability(new short[480]));
            assertEquals("Silero VAD takes frames of exactly 512 samples (32 ms at 16000 Hz), got 480", e.getMessage());
        }
    }

    @Test
    void aClosedStreamRefusesFramesAndClosingTheModelClosesItsStreams() {
        VadStream stream = vad.open();
        vad.close();

        assertThrows(IllegalStateException.class, () -> stream.speechProbability(new short[512]));
        assertThrows(IllegalStateException.class, vad::open);
    }

    @Test
    void aMissingFileIsAModelErrorNamingIt() {
        Path missing = dir.resolve("absent.onnx");
        ModelException e = assertThrows(ModelException.class, () -> SileroVad.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aModelWithAnotherFrameSizeIsRefusedNamingTheFileAndTheTensor() throws Exception {
        Path file = TinySileroModel.withFrame(512).write(dir.resolve("wrong_frame.onnx"));
        ModelException e = assertThrows(ModelException.class, () -> SileroVad.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("input 'input' has shape [?, 512], expected [B, 576]"), e.getMessage());
    }

    @Test
    void aModelWithAnotherInputNameIsRefusedListingItsInputs() throws Exception {
        Path file = TinySileroModel.withInputName("x").write(dir.resolve("renamed.onnx"));
        ModelException e = assertThrows(ModelException.class, () -> SileroVad.load(file));
        assertTrue(e.getMessage().contains("input 'input' is missing; the model's inputs are"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aSileroV4ModelIsRefusedWithAdvice() throws Exception {
        Path file = TinySileroModel.v4().write(dir.resolve("v4.onnx"));
        ModelException e = assertThrows(ModelException.class, () -> SileroVad.load(file));
        assertTrue(e.getMessage().contains("Silero VAD v3/v4; use v5 or later"), e.getMessage());
    }

    /** What the stand-in model should answer for {@code frames} fed in order to a new stream. */
    private static float[] reference(short[][] frames) {
        float[] audio = new float[576];
        float[] state = new float[256];
        float[] out = new float[frames.length];
        for (int f = 0; f < frames.length; f++) {
            System.arraycopy(audio, 512, audio, 0, 64);
            for (int i = 0; i < 512; i++) {
                audio[64 + i] = frames[f][i] / 32768f;
            }
            out[f] = TinySileroModel.probability(audio, state);
        }
        return out;
    }

    private static float[] run(VadStream stream, short[][] frames) {
        float[] out = new float[frames.length];
        for (int f = 0; f < frames.length; f++) {
            out[f] = stream.speechProbability(frames[f]);
        }
        return out;
    }

    /** Frames of noise at varying quiet levels, so probabilities land across 0..1 rather than at the ends. */
    private static short[][] frames(int count, long seed) {
        Random random = new Random(seed);
        short[][] frames = new short[count][512];
        for (int f = 0; f < count; f++) {
            int amplitude = random.nextInt(4000);
            for (int i = 0; i < 512; i++) {
                frames[f][i] = (short) (random.nextGaussian() * amplitude / 2);
            }
        }
        return frames;
    }

    private static short[] square(int amplitude) {
        short[] frame = new short[512];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) ((i / 8) % 2 == 0 ? amplitude : -amplitude);
        }
        return frame;
    }
}
