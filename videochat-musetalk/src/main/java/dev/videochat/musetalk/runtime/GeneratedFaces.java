package dev.videochat.musetalk.runtime;

import java.util.Objects;

/**
 * The faces the {@link FaceWorker} generated for one {@link FaceStream#submit submission}, still in the model's raw
 * output: RGB planes in [-1, 1] from the VAE decoder, or BGR bytes from a fused graph. {@link #bgr} turns a face
 * into BGR bytes on the caller's thread, so that conversion (about as costly as compositing, per frame) never
 * holds up the worker.
 *
 * <p>Close it when its faces have been read: the buffer then serves a later submission of the same stream (each
 * stream keeps two, so one can be read while the worker fills the other). Not thread-safe: one reader.
 */
public final class GeneratedFaces implements AutoCloseable {

    private final FaceStream owner;
    private final int capacity;
    private final float[] planes;
    private final byte[] bytes;
    private int frames;

    GeneratedFaces(FaceStream owner, int capacity, boolean fused) {
        this.owner = owner;
        this.capacity = capacity;
        this.planes = fused ? null : new float[capacity * FaceGenerator.FACE_FLOATS];
        this.bytes = fused ? new byte[capacity * FaceGenerator.FRAME_BYTES] : null;
    }

    /** Faces held, in submission order. */
    public int frames() {
        return frames;
    }

    /**
     * Writes face {@code frame} as 256 x 256 BGR bytes into {@code out} (at least
     * {@link FaceGenerator#FRAME_BYTES} long): {@code rint(clamp(x / 2 + 0.5, 0, 1) * 255)} per channel, as MuseTalk
     * decodes, or a copy of the fused graph's bytes. Allocates nothing.
     */
    public void bgr(int frame, byte[] out) {
        Objects.checkIndex(frame, frames);
        if (out.length < FaceGenerator.FRAME_BYTES) {
            throw new IllegalArgumentException("a face needs " + FaceGenerator.FRAME_BYTES + " bytes, got " + out.length);
        }
        if (planes != null) {
            FaceGenerator.toBgr(planes, frame * FaceGenerator.FACE_FLOATS, out, 0);
        } else {
            System.arraycopy(bytes, frame * FaceGenerator.FRAME_BYTES, out, 0, FaceGenerator.FRAME_BYTES);
        }
    }

    /** Returns this buffer to its stream for a later submission. */
    @Override
    public void close() {
        owner.recycle(this);
    }

    int capacity() {
        return capacity;
    }

    void reset(int count) {
        this.frames = count;
    }

    float[] planes() {
        return planes;
    }

    byte[] bytes() {
        return bytes;
    }
}
