package dev.videochat.musetalk.runtime;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * The UNet and the VAE decoder (or one fused graph) as an {@link InferenceBackend} runs them: a batch of
 * {@link #batchSize()} frames' latents and audio prompts in, their faces out. The buffers belong to the models and
 * are allocated once; {@link FaceGenerator} fills the inputs, calls {@link #run()} and reads the output, from one
 * thread at a time (the {@link FaceWorker}'s once sessions share it).
 */
public interface FaceModels extends AutoCloseable {

    /** Frames per {@link #run()}. */
    int batchSize();

    /** Whether the output is the fused graph's BGR bytes ({@link #bgr()}) rather than the decoder's RGB planes ({@link #image()}). */
    boolean fused();

    /** The UNet input latents, {@code [B, 8, 32, 32]} floats (masked ‖ reference); write with absolute puts. */
    FloatBuffer latents();

    /** The audio prompts, {@code [B, 50, 384]} floats, positional encoding included; write with absolute puts. */
    FloatBuffer prompts();

    /**
     * Runs the batch. A run stopped by {@link #cancelRun()} throws {@link java.util.concurrent.CancellationException}.
     *
     * @throws dev.videochat.api.VideoChatException naming the stage, the backend and what failed
     */
    void run();

    /**
     * The decoder's output of the last run, {@code [B, 3, 256, 256]} RGB planes in [-1, 1].
     *
     * @throws IllegalStateException when {@link #fused()}
     */
    FloatBuffer image();

    /**
     * The fused graph's output of the last run, {@code [B, 256, 256, 3]} BGR bytes.
     *
     * @throws IllegalStateException when not {@link #fused()}
     */
    ByteBuffer bgr();

    /** The UNet's output latents of the last run, {@code [B, 4, 32, 32]} floats, where the backend keeps them. */
    Optional<FloatBuffer> unetLatents();

    /**
     * Stops the run in progress, if the backend can (a remote call is cancelled on the wire); called from another
     * thread when no frame of that batch is wanted any more. A run that has already finished is not affected.
     * The in-process backend cannot stop a run and ignores it.
     */
    default void cancelRun() {
    }

    /** Frees what the models hold; idempotent. */
    @Override
    void close();
}
