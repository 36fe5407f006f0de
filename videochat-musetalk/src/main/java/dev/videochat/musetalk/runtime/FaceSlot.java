package dev.videochat.musetalk.runtime;

import dev.videochat.musetalk.MuseTalkVersion;

/**
 * One slot of the face generator's batch, as a {@link FaceRequest} sees it while the {@link FaceWorker} fills a
 * batch: the request writes its frame's latent and prompt here and nothing else.
 */
public final class FaceSlot {

    private final FaceGenerator generator;
    private final int slot;

    FaceSlot(FaceGenerator generator, int slot) {
        this.generator = generator;
        this.slot = slot;
    }

    /** Sets the frame's {@code [8, 32, 32]} UNet input latent (masked ‖ reference), copied. */
    public void latent(float[] latent) {
        generator.setLatent(slot, latent);
    }

    /**
     * Sets the prompt of utterance frame {@code frame} from {@code rows} Whisper feature rows (see
     * {@link FaceGenerator#setPrompt}), positional encoding included.
     */
    public void prompt(MuseTalkVersion version, float[] states, int rows, int frame, double fps) {
        generator.setPrompt(slot, version, states, rows, frame, fps);
    }
}
