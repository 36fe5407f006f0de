package dev.videochat.musetalk.avatar;

import dev.videochat.api.thg.Avatar;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.runtime.FaceGenerator;

import java.util.List;
import java.util.Objects;

/**
 * A MuseTalk avatar made by {@link AvatarPreparer}: N video frames (BGR24) and, per frame, the face region, the
 * blending mask over its crop box, and the UNet input latent (masked ‖ reference, {@code [8, 32, 32]}). The
 * animation runs the frames forward then backward ({@link #cycleFrame}), so the loop has no jump. Immutable and
 * shared by every session that animates it.
 */
public final class PreparedAvatar implements Avatar {

    private final String id;
    private final MuseTalkVersion version;
    private final int width;
    private final int height;
    private final int fps;
    private final List<byte[]> frames;
    private final List<FaceRegion> regions;
    private final List<byte[]> masks;
    private final List<float[]> latents;

    /**
     * @param frames  BGR24 pictures of {@code width x height}
     * @param regions the face region of each frame
     * @param masks   per frame, a {@code cropSize x cropSize} blending mask (0 keeps the frame, 255 takes the face)
     * @param latents per frame, {@link FaceGenerator#LATENT_FLOATS} floats
     */
    public PreparedAvatar(String id, MuseTalkVersion version, int width, int height, int fps, List<byte[]> frames,
                          List<FaceRegion> regions, List<byte[]> masks, List<float[]> latents) {
        this.id = Objects.requireNonNull(id, "id");
        this.version = Objects.requireNonNull(version, "version");
        if (width < 1 || height < 1 || fps < 1) {
            throw new IllegalArgumentException("avatar '" + id + "': bad size " + width + "x" + height + " at "
                    + fps + " fps");
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.frames = List.copyOf(frames);
        this.regions = List.copyOf(regions);
        this.masks = List.copyOf(masks);
        this.latents = List.copyOf(latents);
        int n = this.frames.size();
        if (n == 0) {
            throw new IllegalArgumentException("avatar '" + id + "' has no frames");
        }
        if (this.regions.size() != n || this.masks.size() != n || this.latents.size() != n) {
            throw new IllegalArgumentException("avatar '" + id + "': " + n + " frames but " + this.regions.size()
                    + " regions, " + this.masks.size() + " masks and " + this.latents.size() + " latents");
        }
        for (int i = 0; i < n; i++) {
            FaceRegion r = this.regions.get(i);
            if (this.frames.get(i).length != width * height * 3) {
                throw new IllegalArgumentException("avatar '" + id + "' frame " + i + " has "
                        + this.frames.get(i).length + " bytes, expected " + width * height * 3);
            }
            if (!r.square() || this.masks.get(i).length != r.cropSize() * r.cropSize()) {
                throw new IllegalArgumentException("avatar '" + id + "' frame " + i + ": the mask does not fit "
                        + r);
            }
            if (r.x1() < 0 || r.y1() < 0 || r.x2() > width || r.y2() > height) {
                throw new IllegalArgumentException("avatar '" + id + "' frame " + i + ": " + r
                        + " leaves the " + width + "x" + height + " frame");
            }
            if (this.latents.get(i).length != FaceGenerator.LATENT_FLOATS) {
                throw new IllegalArgumentException("avatar '" + id + "' frame " + i + " has a latent of "
                        + this.latents.get(i).length + " floats, expected " + FaceGenerator.LATENT_FLOATS);
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int fps() {
        return fps;
    }

    /** MuseTalk's frames are BGR24, the order its models and the prepared pictures use. */
    @Override
    public PixelFormat pixelFormat() {
        return PixelFormat.BGR24;
    }

    /** The MuseTalk version whose models the latents were made with. */
    public MuseTalkVersion version() {
        return version;
    }

    /** The number of distinct frames (the animation cycle is twice as long). */
    public int frameCount() {
        return frames.size();
    }

    /**
     * The frame shown at timeline index {@code index}: 0, 1, …, N−1, N−1, …, 0, 0, 1, … (forward, then
     * backward, each end shown twice as in MuseTalk's cycle).
     */
    public int cycleFrame(long index) {
        int n = frames.size();
        long turn = Math.floorDiv(index, n);
        int r = (int) Math.floorMod(index, n);
        return (turn & 1) == 0 ? r : n - 1 - r;
    }

    /** Frame {@code i}, BGR24; shared, do not modify. */
    public byte[] frame(int i) {
        return frames.get(i);
    }

    /** The face region of frame {@code i}. */
    public FaceRegion region(int i) {
        return regions.get(i);
    }

    /** The blending mask of frame {@code i}; shared, do not modify. */
    public byte[] mask(int i) {
        return masks.get(i);
    }

    /** The UNet input latent of frame {@code i}; shared, do not modify. */
    public float[] latent(int i) {
        return latents.get(i);
    }

    @Override
    public String toString() {
        return "MuseTalk avatar '" + id + "' (" + width + "x" + height + ", " + frames.size() + " frames at " + fps
                + " fps, " + version + ")";
    }
}
