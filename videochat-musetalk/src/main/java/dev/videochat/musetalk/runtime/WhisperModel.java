package dev.videochat.musetalk.runtime;

import java.nio.FloatBuffer;

/**
 * The Whisper-tiny encoder as an {@link InferenceBackend} runs it: one 30 s window's log-mel in, its five stacked
 * hidden states out. The buffers belong to the model and are allocated once; {@link WhisperEncoder} fills
 * {@link #logMel()}, calls {@link #run()} and reads {@link #states()}, one call at a time.
 */
public interface WhisperModel extends AutoCloseable {

    /** Floats of the input: {@code [1, 80, 3000]} log-mel, band-major. */
    int INPUT_FLOATS = 80 * 3000;
    /** Floats of the output: {@code [1, 1500, 5, 384]} hidden states, 1,500 feature rows of {@code [5, 384]}. */
    int OUTPUT_FLOATS = 1500 * 5 * 384;

    /** The input, {@value #INPUT_FLOATS} floats; write with absolute puts. */
    FloatBuffer logMel();

    /** The output of the last {@link #run()}, {@value #OUTPUT_FLOATS} floats; read with absolute gets. */
    FloatBuffer states();

    /**
     * Runs the encoder on {@link #logMel()} into {@link #states()}.
     *
     * @throws dev.videochat.api.VideoChatException naming the stage, the backend and what failed
     */
    void run();

    /**
     * Runs the encoder on {@link #logMel()} for feature rows {@code firstRow} to {@code firstRow + rows - 1} only:
     * those rows of {@link #states()} are then valid, the others may hold anything. A backend that can return
     * only some rows (a remote one, where the full states are 11.5 MB a run) overrides it; the default runs
     * {@link #run()}.
     *
     * @throws dev.videochat.api.VideoChatException naming the stage, the backend and what failed
     */
    default void run(int firstRow, int rows) {
        run();
    }

    /** Frees what the model holds (native tensors); idempotent. */
    @Override
    void close();
}
