package dev.videochat.musetalk.runtime;

import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.audio.PositionalEncoding;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Generates a batch of lip-synced 256 x 256 faces: the UNet followed by the VAE decoder (or one fused graph).
 *
 * <p>All tensors are allocated once as direct buffers: the caller fills {@link #latents()} ({@code [B, 8, 32, 32]},
 * masked ‖ reference latents of each avatar frame) and {@link #prompts()} ({@code [B, 50, 384]}), calls
 * {@link #generate()}, and reads {@link #frames()} ({@code [B, 256, 256, 3]} BGR bytes). The models run on the
 * runtime's {@link InferenceBackend} ({@link FaceModels}); the buffers are theirs, so the loop allocates nothing per
 * frame. Not thread-safe: one generation thread per instance (the runtime's {@link FaceWorker} once sessions share
 * it).
 */
public final class FaceGenerator implements AutoCloseable {

    /** Floats of one frame's UNet input latent ({@code [8, 32, 32]}). */
    public static final int LATENT_FLOATS = 8 * 32 * 32;
    /** Floats of one frame's UNet output ({@code [4, 32, 32]}). */
    public static final int OUTPUT_LATENT_FLOATS = 4 * 32 * 32;
    /** Side of a generated face, in pixels. */
    public static final int FACE_SIZE = 256;
    /** Bytes of one generated face ({@code [256, 256, 3]} BGR). */
    public static final int FRAME_BYTES = FACE_SIZE * FACE_SIZE * 3;

    /** Floats of one decoded face ({@code [3, 256, 256]} RGB planes in [-1, 1]). */
    static final int FACE_FLOATS = 3 * FACE_SIZE * FACE_SIZE;

    private static final int PLANE = FACE_SIZE * FACE_SIZE;

    private final int batch;
    private final FaceModels models;
    private final FloatBuffer latents;
    private final FloatBuffer prompts;
    private final FloatBuffer image;
    private final ByteBuffer frames;
    private final float[] imageScratch;
    private final byte[] frameScratch;

    /** A generator over {@code models}, which it closes. */
    FaceGenerator(FaceModels models) {
        this.models = Objects.requireNonNull(models, "models");
        this.batch = models.batchSize();
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1 frames, got " + batch);
        }
        this.latents = models.latents();
        this.prompts = models.prompts();
        if (models.fused()) {
            this.image = null;
            this.frames = models.bgr();
            this.imageScratch = null;
            this.frameScratch = null;
        } else {
            this.image = models.image();
            this.frames = OnnxModel.direct((long) batch * FRAME_BYTES);
            this.imageScratch = new float[batch * 3 * PLANE];
            this.frameScratch = new byte[batch * FRAME_BYTES];
        }
    }

    /** Frames generated per {@link #generate()} call. */
    public int batchSize() {
        return batch;
    }

    /** Whether UNet and decoder run as one fused graph (then {@link #unetOutput()} is unavailable). */
    public boolean fused() {
        return models.fused();
    }

    /** The UNet input latents, {@code [B, 8, 32, 32]} floats; write with absolute puts. */
    public FloatBuffer latents() {
        return latents;
    }

    /** The audio prompts, {@code [B, 50, 384]} floats (positional encoding included); write with absolute puts. */
    public FloatBuffer prompts() {
        return prompts;
    }

    /** Copies one frame's {@code [8, 32, 32]} latent into batch slot {@code slot}. */
    public void setLatent(int slot, float[] latent) {
        Objects.checkIndex(slot, batch);
        if (latent.length != LATENT_FLOATS) {
            throw new IllegalArgumentException("latent must hold " + LATENT_FLOATS + " floats [8,32,32], got " + latent.length);
        }
        latents.put(slot * LATENT_FLOATS, latent);
    }

    /**
     * Writes the prompt of video frame {@code frame} into batch slot {@code slot} (see {@link AudioPrompts}) and
     * adds the positional encoding, as every MuseTalk inference path does. Allocates nothing.
     */
    public void setPrompt(int slot, MuseTalkVersion version, float[] states, int rows, int frame, double fps) {
        Objects.checkIndex(slot, batch);
        int offset = slot * AudioPrompts.PROMPT_SIZE;
        AudioPrompts.copyPrompt(version, states, rows, frame, fps, prompts, offset);
        PositionalEncoding.addTo(prompts, offset);
    }

    /** Runs the batch; afterwards {@link #frames()} holds B faces. */
    public void generate() {
        runModels();
        if (!models.fused()) {
            toBgrBytes();
        }
    }

    /**
     * Runs the UNet and the decoder (or the fused graph) without the decoder's BGR conversion, which the
     * {@link FaceWorker} leaves to each session's thread: afterwards {@link #copyFace} reads the raw outputs.
     */
    void runModels() {
        models.run();
    }

    /** Asks the backend to stop the run in progress (see {@link FaceModels#cancelRun()}); from any thread. */
    void cancelRun() {
        models.cancelRun();
    }

    /** Copies batch slot {@code slot}'s raw output of the last {@link #runModels()} into frame {@code frame} of {@code to}. */
    void copyFace(int slot, GeneratedFaces to, int frame) {
        if (image != null) {
            image.get(slot * 3 * PLANE, to.planes(), frame * 3 * PLANE, 3 * PLANE);
        } else {
            frames.get(slot * FRAME_BYTES, to.bytes(), frame * FRAME_BYTES, FRAME_BYTES);
        }
    }

    /** The generated faces, {@code [B, 256, 256, 3]} BGR bytes (read-only view, valid until the next call). */
    public ByteBuffer frames() {
        return frames.asReadOnlyBuffer();
    }

    /**
     * The UNet's output latents of the last call, {@code [B, 4, 32, 32]} floats (read-only).
     *
     * @throws IllegalStateException for a fused model, whose latents never leave the graph
     */
    public FloatBuffer unetOutput() {
        return models.unetLatents()
                .orElseThrow(() -> new IllegalStateException("a fused UNet + decoder model does not expose its latents"))
                .asReadOnlyBuffer();
    }

    /** RGB planes in [-1, 1] to BGR bytes: {@code rint(clamp(x / 2 + 0.5, 0, 1) * 255)}, as MuseTalk decodes. */
    private void toBgrBytes() {
        image.get(0, imageScratch);
        for (int b = 0; b < batch; b++) {
            toBgr(imageScratch, b * 3 * PLANE, frameScratch, b * FRAME_BYTES);
        }
        frames.put(0, frameScratch);
    }

    /** One face's RGB planes ({@code [3, 256, 256]} floats from {@code src}) to BGR bytes at {@code dst}. */
    static void toBgr(float[] planes, int src, byte[] bgr, int dst) {
        for (int p = 0; p < PLANE; p++) {
            bgr[dst + 3 * p] = toByte(planes[src + 2 * PLANE + p]);
            bgr[dst + 3 * p + 1] = toByte(planes[src + PLANE + p]);
            bgr[dst + 3 * p + 2] = toByte(planes[src + p]);
        }
    }

    static byte toByte(float v) {
        float unit = v * 0.5f + 0.5f;
        if (!(unit > 0f)) { // also maps NaN to black
            return 0;
        }
        return (byte) (int) Math.rint(Math.min(unit, 1f) * 255f);
    }

    @Override
    public void close() {
        models.close();
    }
}
