package dev.videochat.musetalk.runtime;

/**
 * The inputs of a run of consecutive frames that one session asks the {@link FaceWorker} for. The worker calls
 * {@link #write} on its own thread when it puts frame {@code frame} into a batch slot, so what the request reads
 * (avatar latents, Whisper features) must not change until the submission completes. An exception thrown here
 * fails this submission alone.
 */
@FunctionalInterface
public interface FaceRequest {

    /** Writes the latent and prompt of frame {@code frame} (0-based within the submission) into {@code slot}. */
    void write(int frame, FaceSlot slot);
}
