package dev.videochat.musetalk.kserve;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.avatar.FaceRegion;
import dev.videochat.musetalk.avatar.PreparedAvatar;
import dev.videochat.musetalk.runtime.FaceGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/** What the remote-backend tests share: a small synthetic avatar, a spoken turn, and the client's threads. */
public final class RemoteTurns {

    private RemoteTurns() {
    }

    /** A 96 x 80 avatar of 5 patterned frames, its face the middle half, lower-half masks, seeded latents. */
    public static PreparedAvatar avatar() {
        int width = 96;
        int height = 80;
        Random random = new Random(7);
        List<byte[]> pictures = new ArrayList<>();
        List<FaceRegion> regions = new ArrayList<>();
        List<byte[]> masks = new ArrayList<>();
        List<float[]> latents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] bgr = new byte[width * height * 3];
            for (int p = 0; p < width * height; p++) {
                bgr[3 * p] = (byte) (p % width * 3 + i);
                bgr[3 * p + 1] = (byte) (p / width * 5 + i);
                bgr[3 * p + 2] = (byte) (p % width + p / width + 7 * i);
            }
            pictures.add(bgr);
            FaceRegion region = FaceRegion.around(width / 4, height / 4, 3 * width / 4, 3 * height / 4, 1.5);
            regions.add(region);
            byte[] mask = new byte[region.cropSize() * region.cropSize()];
            for (int p = mask.length / 2; p < mask.length; p++) {
                mask[p] = (byte) 255;
            }
            masks.add(mask);
            float[] latent = new float[FaceGenerator.LATENT_FLOATS];
            for (int k = 0; k < latent.length; k++) {
                latent[k] = (float) random.nextGaussian() * 0.5f;
            }
            latents.add(latent);
        }
        return new PreparedAvatar("remote-test", MuseTalkVersion.V1_5, width, height, 25, pictures, regions, masks,
                latents);
    }

    /** {@code tenths} tenths of a second of a gliding tone at 16 kHz, spoken in 0.1 s chunks, then the end. */
    static List<VideoFrame> speak(AvatarAnimator animator, int tenths) throws InterruptedException {
        List<VideoFrame> frames = new ArrayList<>();
        int chunk = 1600;
        for (int i = 0; i < tenths; i++) {
            short[] s = new short[chunk];
            for (int k = 0; k < chunk; k++) {
                double t = (i * chunk + k) / 16000.0;
                s[k] = (short) (8000 * Math.sin(2 * Math.PI * (200 + 150 * Math.sin(3 * t)) * t));
            }
            animator.speak(new AudioChunk(s, 16000), frames::add);
        }
        animator.endUtterance(frames::add);
        return frames;
    }

    /** The live threads the client and the face worker own (the test server's are not among them). */
    static Set<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("videochat-kserve-") || n.equals("musetalk-face-worker"))
                .collect(Collectors.toSet());
    }
}
