package dev.videochat.sprite;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.thg.FrameClock;
import dev.videochat.sprite.lipsync.Signals;
import dev.videochat.sprite.lipsync.Viseme;
import dev.videochat.sprite.look.AvatarImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpriteAnimatorTest {

    private static final int RATE = 16_000;

    private final SpriteTalkingHead engine = new SpriteTalkingHead(42);

    private static byte[] bytes(VideoFrame frame) {
        ByteBuffer b = frame.pixels();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static int rgbAt(VideoFrame frame, int x, int y) {
        ByteBuffer b = frame.pixels();
        int i = (y * frame.width() + x) * 3;
        return (b.get(i) & 0xff) << 16 | (b.get(i + 1) & 0xff) << 8 | (b.get(i + 2) & 0xff);
    }

    @Test
    void framesAreRgb24AtTheAvatarsSizeAndCarryConsecutiveIndices() throws InterruptedException {
        SpriteAnimator animator = engine.animate(engine.loadAvatar("default"), 1);
        List<VideoFrame> frames = new ArrayList<>();
        animator.idle(3, frames::add);
        animator.speak(new AudioChunk(Signals.ah(RATE, 0.2, 0.3), RATE), frames::add);
        animator.endUtterance(frames::add);
        assertEquals(8, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame f = frames.get(i);
            assertEquals(512, f.width());
            assertEquals(512, f.height());
            assertEquals(PixelFormat.RGB24, f.format());
            assertEquals(i, f.index());
        }
        assertEquals(8, animator.nextFrameIndex());
    }

    @Test
    void everyUtteranceGetsExactlyItsFramesAndTheIndexRunsOnAcrossUtterancesAndIdle() throws InterruptedException {
        Avatar small = engine.loadAvatar(smallAvatar().toString());
        SpriteAnimator animator = engine.animate(small, 3);
        Random random = new Random(5);
        List<VideoFrame> frames = new ArrayList<>();
        long expected = 0;
        for (int rate : new int[] {16_000, 22_050, 24_000, 44_100}) {
            long samples = 0;
            for (int c = 0; c < 6; c++) {
                int n = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(rate / 2);
                animator.speak(AudioChunk.silence(n, rate), frames::add);
                samples += n;
            }
            animator.endUtterance(frames::add);
            expected += FrameClock.framesFor(samples, rate, small.fps());
            assertEquals(expected, frames.size(), rate + " Hz");
            animator.idle(4, frames::add);
            expected += 4;
        }
        assertEquals(expected, frames.size());
        assertEquals(expected, animator.nextFrameIndex());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i, frames.get(i).index());
        }
    }

    @Test
    void silenceShowsAClosedMouthAndSpeechOpensItInTheFrames() throws InterruptedException {
        SpriteAnimator animator = engine.animate(engine.loadAvatar("default"), 9);
        List<Viseme> shapes = new ArrayList<>();
        List<VideoFrame> frames = new ArrayList<>();
        short[] pcm = Signals.concat(Signals.silence(RATE, 0.4), Signals.ah(RATE, 0.4, 0.3));
        animator.speak(new AudioChunk(pcm, RATE), f -> {
            frames.add(f);
            shapes.add(animator.lastViseme());
        });
        assertTrue(shapes.subList(0, 10).stream().allMatch(v -> v == Viseme.CLOSED), shapes.toString());
        assertEquals(Viseme.OPEN, shapes.get(shapes.size() - 1));
        // The inside of the mouth (the default avatar's #4e1a22) shows only when it is open.
        assertEquals(0, mouthInsidePixels(frames.get(0)));
        assertTrue(mouthInsidePixels(frames.get(frames.size() - 1)) > 200);
    }

    private static int mouthInsidePixels(VideoFrame frame) {
        int count = 0;
        for (int y = 250; y < 350; y++) {
            for (int x = 180; x < 332; x++) {
                count += rgbAt(frame, x, y) == 0x4e1a22 ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void aPictureAvatarAnimatesWithItsOwnPictures(@TempDir Path dir) throws InterruptedException {
        Avatar host = engine.loadAvatar(AvatarImages.write(dir, AvatarImages.validJson()).toString());
        assertEquals("host", host.id());
        SpriteAnimator animator = engine.animate(host, 1);
        List<VideoFrame> frames = new ArrayList<>();
        animator.idle(2, frames::add);
        animator.speak(new AudioChunk(Signals.ah(RATE, 0.4, 0.3), RATE), frames::add);
        int closed = AvatarImages.CLOSED.getRGB() & 0xffffff;
        int open = AvatarImages.OPEN.getRGB() & 0xffffff;
        assertEquals(closed, rgbAt(frames.get(0), 80, 90));
        assertEquals(open, rgbAt(frames.get(frames.size() - 1), 80, 90));
        assertEquals(AvatarImages.FACE.getRGB() & 0xffffff, rgbAt(frames.get(frames.size() - 1), 5, 5));
    }

    @Test
    void theSameSeedRepeatsEveryFrameAndAnotherSeedBlinksDifferently() throws InterruptedException {
        Avatar avatar = engine.loadAvatar(smallAvatar().toString());
        List<VideoFrame> a = new ArrayList<>();
        List<VideoFrame> b = new ArrayList<>();
        List<VideoFrame> c = new ArrayList<>();
        engine.animate(avatar, 77).idle(250, a::add);
        engine.animate(avatar, 77).idle(250, b::add);
        engine.animate(avatar, 78).idle(250, c::add);
        boolean anyDifference = false;
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(bytes(a.get(i)), bytes(b.get(i)), "frame " + i);
            anyDifference |= !java.util.Arrays.equals(bytes(a.get(i)), bytes(c.get(i)));
        }
        assertTrue(anyDifference);
    }

    @Test
    void theAvatarMovesSlightlyWhileIdle() throws InterruptedException {
        SpriteAnimator animator = engine.animate(engine.loadAvatar("default"), 4);
        List<VideoFrame> frames = new ArrayList<>();
        animator.idle(100, frames::add);
        long distinct = frames.stream().map(f -> java.util.Arrays.hashCode(bytes(f))).distinct().count();
        assertTrue(distinct > 3, "only " + distinct + " distinct idle frames in 4 s");
    }

    private Path smallAvatar() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("sprite-avatar");
            Path file = dir.resolve("small.json");
            java.nio.file.Files.writeString(file, "{\"width\": 96, \"height\": 96}");
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void loadingTheSameAvatarTwiceGivesTheSameInstance() {
        assertTrue(engine.loadAvatar("ada") == engine.loadAvatar("ada"));
        assertFalse(engine.loadAvatar("ada") == engine.loadAvatar("default"));
    }
}
