package dev.videochat.musetalk.avatar;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MuseTalk animator on the tiny models: frame counts, streaming, blending confined to the face, idle frames. */
class MuseTalkAnimatorTest {

    @TempDir
    Path dir;
    private MuseTalkTalkingHead head;
    private PreparedAvatar avatar;

    @BeforeEach
    void open() throws Exception {
        MuseTalkRuntime runtime = MuseTalkRuntime.open(TinyMuseTalkModels.writeSeparate(dir.resolve("models")),
                MuseTalkOptions.builder().device(ExecutionDevice.CPU).batchSize(4).intraOpThreads(1).build());
        head = new MuseTalkTalkingHead(runtime, dir.resolve("avatars"), 0.2);
        avatar = TestAvatars.synthetic("test", 96, 80, 5, false);
    }

    @AfterEach
    void close() {
        head.close();
    }

    /** A tone with a changing pitch, so the features (and faces) differ from frame to frame. */
    private static AudioChunk speech(int samples, int rate, int offset) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            double t = (i + offset) / (double) rate;
            s[i] = (short) (8000 * Math.sin(2 * Math.PI * (200 + 150 * Math.sin(3 * t)) * t));
        }
        return new AudioChunk(s, rate);
    }

    private static List<VideoFrame> speak(AvatarAnimator animator, int seconds10, int rate, List<Integer> beforeEnd)
            throws InterruptedException {
        List<VideoFrame> frames = new ArrayList<>();
        int chunk = rate / 10;
        for (int i = 0; i < seconds10; i++) {
            animator.speak(speech(chunk, rate, i * chunk), frames::add);
        }
        beforeEnd.add(frames.size());
        animator.endUtterance(frames::add);
        return frames;
    }

    @Test
    void anUtteranceGetsExactlyTheFramesItsAudioLastsAndTheyStreamBeforeItEnds() throws Exception {
        try (AvatarAnimator animator = head.animate(avatar)) {
            List<Integer> beforeEnd = new ArrayList<>();
            List<VideoFrame> frames = speak(animator, 20, 16000, beforeEnd); // 2.0 s
            assertEquals(50, frames.size());
            assertTrue(beforeEnd.get(0) >= 24 && beforeEnd.get(0) < 50,
                    "frames delivered while the audio streamed: " + beforeEnd.get(0));
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(i, frames.get(i).index());
                assertEquals(PixelFormat.BGR24, frames.get(i).format());
                assertEquals(96, frames.get(i).width());
                assertEquals(80, frames.get(i).height());
            }
            assertEquals(50, animator.nextFrameIndex());
        }
    }

    @Test
    void otherRatesCountFramesAtTheirOwnRate() throws Exception {
        try (AvatarAnimator animator = head.animate(avatar)) {
            List<VideoFrame> frames = speak(animator, 13, 24000, new ArrayList<>()); // 1.3 s at 24 kHz
            assertEquals(Math.round(1.3 * 25), frames.size());
        }
    }

    @Test
    void speechChangesOnlyTheMaskedPartOfTheFaceAndIdleShowsTheAvatarAsItIs() throws Exception {
        try (AvatarAnimator animator = head.animate(avatar)) {
            List<VideoFrame> frames = speak(animator, 4, 16000, new ArrayList<>());
            assertEquals(10, frames.size());
            for (VideoFrame frame : frames) {
                int source = avatar.cycleFrame(frame.index());
                byte[] original = avatar.frame(source);
                byte[] got = bytes(frame);
                FaceRegion r = avatar.region(source);
                int changedInside = 0;
                for (int y = 0; y < 80; y++) {
                    for (int x = 0; x < 96; x++) {
                        int o = (y * 96 + x) * 3;
                        boolean masked = x >= r.x1() && x < r.x2() && y >= r.y1() && y < r.y2()
                                && (avatar.mask(source)[(y - r.cropY1()) * r.cropSize() + x - r.cropX1()] != 0);
                        boolean same = got[o] == original[o] && got[o + 1] == original[o + 1]
                                && got[o + 2] == original[o + 2];
                        if (!masked) {
                            assertTrue(same, "frame " + frame.index() + " changed outside the mask at " + x + "," + y);
                        } else if (!same) {
                            changedInside++;
                        }
                    }
                }
                assertTrue(changedInside > 100, "the face was blended in: " + changedInside + " pixels changed");
            }
            List<VideoFrame> idle = new ArrayList<>();
            animator.idle(12, idle::add);
            assertEquals(12, idle.size());
            for (int i = 0; i < idle.size(); i++) {
                assertEquals(10 + i, idle.get(i).index());
                assertArrayEquals(avatar.frame(avatar.cycleFrame(10 + i)), bytes(idle.get(i)));
            }
            // Speech after idle continues the timeline.
            List<VideoFrame> again = speak(animator, 2, 16000, new ArrayList<>());
            assertEquals(5, again.size());
            assertEquals(22, again.get(0).index());
        }
    }

    @Test
    void roundingCarriesAcrossUtterances() throws Exception {
        try (AvatarAnimator animator = head.animate(avatar)) {
            int total = 0;
            // 0.05 s each: 1.25 frames; after 4 utterances exactly 5 frames.
            for (int u = 0; u < 4; u++) {
                List<VideoFrame> frames = new ArrayList<>();
                animator.speak(speech(800, 16000, 0), frames::add);
                animator.endUtterance(frames::add);
                total += frames.size();
            }
            assertEquals(5, total);
        }
    }

    @Test
    void aRateChangeInsideAnUtteranceIsRefused() throws Exception {
        try (AvatarAnimator animator = head.animate(avatar)) {
            animator.speak(speech(1600, 16000, 0), f -> { });
            var e = assertThrows(IllegalArgumentException.class,
                    () -> animator.speak(speech(2400, 24000, 0), f -> { }));
            assertTrue(e.getMessage().contains("16000") && e.getMessage().contains("24000"), e.getMessage());
        }
    }

    @Test
    void anEmptyUtteranceGivesNoFrames() throws Exception {
        try (AvatarAnimator animator = head.animate(avatar)) {
            List<VideoFrame> frames = new ArrayList<>();
            animator.endUtterance(frames::add);
            assertTrue(frames.isEmpty());
            assertEquals(0, animator.nextFrameIndex());
        }
    }

    @Test
    void sessionsShareTheGeneratorAndEachGetsItsOwnFrames() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<VideoFrame>>> results = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                results.add(pool.submit(() -> {
                    try (AvatarAnimator animator = head.animate(avatar)) {
                        return speak(animator, 12, 16000, new ArrayList<>());
                    }
                }));
            }
            List<VideoFrame> first = results.get(0).get();
            for (Future<List<VideoFrame>> result : results) {
                List<VideoFrame> frames = result.get();
                assertEquals(30, frames.size());
                for (int i = 0; i < frames.size(); i++) {
                    // Same audio, same avatar: the same pictures whatever the interleaving.
                    assertArrayEquals(bytes(first.get(i)), bytes(frames.get(i)), "frame " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCropBoxLeavingTheFrameBlendsOnlyWhatIsInside() throws Exception {
        PreparedAvatar corner = TestAvatars.synthetic("corner", 64, 64, 2, true);
        assertTrue(corner.region(0).cropX1() < 0);
        try (AvatarAnimator animator = head.animate(corner)) {
            List<VideoFrame> frames = speak(animator, 2, 16000, new ArrayList<>());
            assertEquals(5, frames.size());
            assertFalse(java.util.Arrays.equals(corner.frame(corner.cycleFrame(0)), bytes(frames.get(0))));
        }
    }

    @Test
    void onlyItsOwnAvatarsAreAnimated() {
        var other = new dev.videochat.api.thg.Avatar() {
            public String id() { return "x"; }
            public int width() { return 1; }
            public int height() { return 1; }
            public int fps() { return 25; }
        };
        assertThrows(IllegalArgumentException.class, () -> head.animate(other));
    }

    static byte[] bytes(VideoFrame frame) {
        byte[] b = new byte[frame.byteSize()];
        frame.pixels().get(b);
        return b;
    }
}
