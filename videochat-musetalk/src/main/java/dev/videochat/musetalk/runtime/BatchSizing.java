package dev.videochat.musetalk.runtime;

/**
 * Chooses how many video frames one UNet + decoder call generates. On a GPU the batch grows with free memory
 * (estimated: about 3 GiB for fp16 weights and workspace plus 256 MiB of activations per frame, to be refined
 * with measurements on real hardware); on the CPU a small batch keeps latency low.
 */
final class BatchSizing {

    static final int CPU_BATCH = 4;
    static final int MAX_BATCH = 16;
    /** On a GPU whose free memory could not be read: what a 16 GB card holds with room to spare. */
    static final int UNKNOWN_GPU_BATCH = 8;
    static final long RESERVED_BYTES = 3L << 30;
    static final long BYTES_PER_FRAME = 256L << 20;

    private BatchSizing() {
    }

    /** The batch for a GPU with {@code freeBytes} of free memory: 1 to {@link #MAX_BATCH}. */
    static int forGpu(long freeBytes) {
        long frames = (freeBytes - RESERVED_BYTES) / BYTES_PER_FRAME;
        return (int) Math.max(1, Math.min(MAX_BATCH, frames));
    }
}
