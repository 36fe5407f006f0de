package dev.videochat.musetalk.avatar;

import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.runtime.FaceGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small synthetic avatars for tests: patterned frames, a face box, a lower-half mask and random latents. */
final class TestAvatars {

    private TestAvatars() {
    }

    /**
     * An avatar of {@code frames} frames of {@code width x height}; frame i is a gradient shifted by i, the face
     * box is the middle half, its crop box leaves the frame on the left and top when {@code cropOutside}.
     */
    static PreparedAvatar synthetic(String id, int width, int height, int frames, boolean cropOutside) {
        Random random = new Random(42);
        List<byte[]> pictures = new ArrayList<>();
        List<FaceRegion> regions = new ArrayList<>();
        List<byte[]> masks = new ArrayList<>();
        List<float[]> latents = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            byte[] bgr = new byte[width * height * 3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int o = (y * width + x) * 3;
                    bgr[o] = (byte) (x * 3 + i);
                    bgr[o + 1] = (byte) (y * 5 + i);
                    bgr[o + 2] = (byte) (x + y + 7 * i);
                }
            }
            pictures.add(bgr);
            FaceRegion region = cropOutside
                    ? FaceRegion.around(2, 2, width / 2, height / 2, 1.5)
                    : FaceRegion.around(width / 4, height / 4, 3 * width / 4, 3 * height / 4, 1.5);
            regions.add(region);
            int side = region.cropSize();
            byte[] mask = new byte[side * side];
            for (int p = side / 2 * side; p < mask.length; p++) {
                mask[p] = (byte) 255;
            }
            masks.add(mask);
            float[] latent = new float[FaceGenerator.LATENT_FLOATS];
            for (int k = 0; k < latent.length; k++) {
                latent[k] = (float) random.nextGaussian() * 0.5f;
            }
            latents.add(latent);
        }
        return new PreparedAvatar(id, MuseTalkVersion.V1_5, width, height, 25, pictures, regions, masks, latents);
    }
}
