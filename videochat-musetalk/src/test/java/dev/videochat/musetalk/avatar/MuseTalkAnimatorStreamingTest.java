package dev.videochat.musetalk.avatar;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.FaceGenerator;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming features and cancelling in the MuseTalk animator, on the tiny models (batch 4, lookahead 0.2 s): what each
 * batch is computed from, when the first frame comes, how the work grows, and what an abandoned utterance costs.
 */
class MuseTalkAnimatorStreamingTest {

    private static final int RATE = 16_000;
    private static final int BATCH = 4;
    private static final int LOOKAHEAD = 3200;

    @TempDir
    Path dir;
    private MuseTalkTalkingHead head;
    private PreparedAvatar avatar;

    @BeforeEach
    void open() throws Exception {
        MuseTalkRuntime runtime = MuseTalkRuntime.open(TinyMuseTalkModels.writeSeparate(dir.resolve("models")),
                MuseTalkOptions.builder().device(ExecutionDevice.CPU).batchSize(BATCH).intraOpThreads(1).build());
        head = new MuseTalkTalkingHead(runtime, dir.resolve("avatars"), LOOKAHEAD / (double) RATE);
        avatar = TestAvatars.synthetic("test", 96, 80, 5, false);
    }

    @AfterEach
    void close() {
        head.close();
    }

    /** Speech-like audio: a gliding tone whose loudness swells, so features and floors change along the clip. */
    private static short[] speech(int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            double t = i / (double) RATE;
            double level = 2000 + 6000 * (0.5 + 0.5 * Math.sin(0.7 * t));
            s[i] = (short) (level * Math.sin(2 * Math.PI * (200 + 150 * Math.sin(3 * t)) * t));
        }
        return s;
    }

    private MuseTalkAnimator animator() {
        return MuseTalkTalkingHead.animatorOf(head.animate(avatar));
    }

    /** Frames one call delivered, and the audio received when it was made. */
    private record Call(int firstFrame, int frames, long available) {
    }

    /** Speaks {@code pcm} in chunks of {@code chunk} samples, then ends the utterance; records each call's frames. */
    private static List<VideoFrame> speak(MuseTalkAnimator animator, short[] pcm, int chunk, List<Call> calls)
            throws InterruptedException {
        List<VideoFrame> frames = new ArrayList<>();
        for (int at = 0; at < pcm.length; at += chunk) {
            int before = frames.size();
            short[] part = Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + chunk));
            animator.speak(new AudioChunk(part, RATE), frames::add);
            calls.add(new Call(before, frames.size() - before, Math.min(pcm.length, at + chunk)));
        }
        int before = frames.size();
        animator.endUtterance(frames::add);
        calls.add(new Call(before, frames.size() - before, pcm.length));
        return frames;
    }

    @Test
    void eachBatchIsGeneratedFromAWholeWindowEncodingOfItsOwnThirtySecondWindow() throws Exception {
        short[] pcm = speech(31 * RATE + 4321); // the last windows no longer start at the utterance's start
        List<Call> calls = new ArrayList<>();
        List<VideoFrame> frames = speak(animator(), pcm, 1600, calls);
        assertEquals(AudioPrompts.videoFrames(pcm.length, 25) + 1, frames.size()); // 31.27 s: 781.75 frames, rounded
        float[] samples = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            samples[i] = pcm[i] / 32768f;
        }
        FaceComposer composer = new FaceComposer(avatar);
        byte[][] faces = new byte[BATCH][FaceGenerator.FRAME_BYTES];
        int checked = 0;
        int shiftedWindows = 0;
        for (Call call : calls) {
            // A call delivers whole batches from its first frame; only its last may be short.
            for (int first = call.firstFrame(); first < call.firstFrame() + call.frames(); first += BATCH) {
                int count = Math.min(BATCH, call.firstFrame() + call.frames() - first);
                int last = first + count - 1;
                long end = Math.min(call.available(), (2L * last + 6) * 320 + LOOKAHEAD);
                long start = Math.max(0, (end - 480_000 + 319) / 320 * 320);
                if (first > 40 && start == 0) {
                    continue; // the reference is slow (a whole-window log-mel per batch): check the start and the end
                }
                shiftedWindows += start > 0 ? 1 : 0;
                // The direct path: the whole-clip encoder on the window's samples, placed at the utterance's rows.
                float[] windowStates = head.encode(Arrays.copyOfRange(samples, (int) start, (int) end));
                int rows = AudioPrompts.featureRows(end);
                float[] states = new float[rows * AudioPrompts.ROW_SIZE];
                System.arraycopy(windowStates, 0, states, (int) (start / 320) * AudioPrompts.ROW_SIZE,
                        windowStates.length);
                int[] cycle = new int[count];
                for (int slot = 0; slot < count; slot++) {
                    cycle[slot] = avatar.cycleFrame(first + slot);
                }
                MuseTalkTalkingHead.receive(head.submit(avatar, cycle, states, rows, first), faces);
                for (int slot = 0; slot < count; slot++) {
                    assertArrayEquals(composer.compose(cycle[slot], faces[slot]),
                            MuseTalkAnimatorTest.bytes(frames.get(first + slot)), "frame " + (first + slot));
                    checked++;
                }
            }
        }
        assertTrue(shiftedWindows >= 5, "windows that start after the utterance: " + shiftedWindows);
        assertTrue(checked >= 60, "frames checked: " + checked);
    }

    @Test
    void theFirstFrameComesWithinAThirdOfASecondOfAudio() throws Exception {
        MuseTalkAnimator animator = animator();
        short[] pcm = speech(RATE);
        List<VideoFrame> frames = new ArrayList<>();
        int sent = 0;
        while (frames.isEmpty()) {
            animator.speak(new AudioChunk(Arrays.copyOfRange(pcm, sent, sent + 160), RATE), frames::add);
            sent += 160;
        }
        // Frame 0's prompt covers 0.12 s; the lookahead adds 0.2 s.
        assertEquals(5120, sent);
        assertTrue(sent <= 0.35 * RATE);
        assertEquals(1, frames.size()); // the first batch takes what is ready: one frame
        assertEquals(1, animator.encoderRuns());
    }

    @Test
    void featureWorkGrowsLinearlyWithTheUtterance() throws Exception {
        long[] encoderRuns = new long[3];
        long[] columns = new long[3];
        int[] seconds = {2, 4, 8};
        for (int k = 0; k < seconds.length; k++) {
            MuseTalkAnimator animator = animator();
            List<VideoFrame> frames = speak(animator, speech(seconds[k] * RATE), 1600, new ArrayList<>());
            assertEquals(25 * seconds[k], frames.size());
            encoderRuns[k] = animator.encoderRuns();
            columns[k] = animator.logMelColumns();
            // One encoder run per batch: a first batch of one frame, full batches, and at most one short one.
            assertEquals(animator.generatorRuns(), encoderRuns[k]);
            assertTrue(encoderRuns[k] <= (frames.size() - 1 + BATCH - 1) / BATCH + 2,
                    seconds[k] + " s: " + encoderRuns[k] + " encoder runs for " + frames.size() + " frames");
            // Each 10 ms log-mel column once.
            assertTrue(columns[k] <= 100L * seconds[k], seconds[k] + " s: " + columns[k] + " columns");
        }
        System.out.printf("2, 4, 8 s at batch %d: encoder runs %s, log-mel columns %s%n", BATCH,
                Arrays.toString(encoderRuns), Arrays.toString(columns));
        // Twice the speech, twice the runs (give or take the short first and last batch).
        assertTrue(Math.abs(encoderRuns[1] - 2 * encoderRuns[0]) <= 2, Arrays.toString(encoderRuns));
        assertTrue(Math.abs(encoderRuns[2] - 2 * encoderRuns[1]) <= 2, Arrays.toString(encoderRuns));
        assertTrue(Math.abs(columns[2] - 2 * columns[1]) <= 2, Arrays.toString(columns));
    }

    @Test
    void theSessionTheTalkingHeadHandsOutAbandonsWithoutRunningAModelToo() throws Exception {
        dev.videochat.api.thg.AvatarAnimator session = head.animate(avatar);
        MuseTalkAnimator inner = MuseTalkTalkingHead.animatorOf(session);
        short[] pcm = speech(2 * RATE);
        for (int at = 0; at < pcm.length; at += 1600) {
            session.speak(new AudioChunk(Arrays.copyOfRange(pcm, at, at + 1600), RATE), f -> { });
        }
        long generatorRuns = inner.generatorRuns();
        session.abandonUtterance();
        assertEquals(generatorRuns, inner.generatorRuns(), "no model ran for the dropped frames");
        assertEquals(50, session.nextFrameIndex());
        session.close();
    }

    @Test
    void abandoningAnUtteranceDropsItsOwedFramesWithoutRunningAModel() throws Exception {
        MuseTalkAnimator animator = animator();
        List<VideoFrame> delivered = new ArrayList<>();
        short[] pcm = speech(2 * RATE);
        for (int at = 0; at < pcm.length; at += 1600) {
            animator.speak(new AudioChunk(Arrays.copyOfRange(pcm, at, at + 1600), RATE), delivered::add);
        }
        assertTrue(delivered.size() < 50, "frames still owed: " + (50 - delivered.size()));
        long encoderRuns = animator.encoderRuns();
        long generatorRuns = animator.generatorRuns();

        animator.abandonUtterance();

        assertEquals(encoderRuns, animator.encoderRuns());
        assertEquals(generatorRuns, animator.generatorRuns());
        assertEquals(50, animator.nextFrameIndex(), "indices move past the dropped frames");
        // The next utterance starts afresh: the same frames as an animator that showed 50 frames of idle before it.
        List<VideoFrame> next = speak(animator, speech(RATE), 1600, new ArrayList<>());
        MuseTalkAnimator fresh = animator();
        fresh.idle(50, f -> { });
        List<VideoFrame> expected = speak(fresh, speech(RATE), 1600, new ArrayList<>());
        assertEquals(expected.size(), next.size());
        for (int i = 0; i < next.size(); i++) {
            assertEquals(50 + i, next.get(i).index());
            assertArrayEquals(MuseTalkAnimatorTest.bytes(expected.get(i)), MuseTalkAnimatorTest.bytes(next.get(i)));
        }
    }

    @Test
    void anInterruptStopsRenderingAfterTheBatchInProgress() throws Exception {
        MuseTalkAnimator animator = animator();
        List<VideoFrame> delivered = new ArrayList<>();
        // Two seconds at once: about 40 frames are ready, ten batches' worth.
        AudioChunk speech = new AudioChunk(speech(2 * RATE), RATE);
        assertThrows(InterruptedException.class, () -> animator.speak(speech, frame -> {
            delivered.add(frame);
            Thread.currentThread().interrupt(); // a stop arrives while the first batch is delivered
        }));
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt is consumed by the exception");
        assertEquals(BATCH, delivered.size());
        // The second batch was queued before the first was delivered, then cancelled; no third was queued.
        assertEquals(2, animator.generatorRuns());
        assertEquals(2, animator.encoderRuns());

        animator.abandonUtterance();

        assertEquals(2, animator.generatorRuns());
        assertEquals(50, animator.nextFrameIndex());
        // The animator goes on from there: the next utterance's frames follow the dropped ones.
        List<VideoFrame> next = speak(animator, speech(RATE / 2), 1600, new ArrayList<>());
        assertEquals(50, next.get(0).index());
        MuseTalkAnimator fresh = animator();
        fresh.idle(50, f -> { });
        List<VideoFrame> expected = speak(fresh, speech(RATE / 2), 1600, new ArrayList<>());
        assertEquals(expected.size(), next.size());
        for (int i = 0; i < next.size(); i++) {
            assertArrayEquals(MuseTalkAnimatorTest.bytes(expected.get(i)), MuseTalkAnimatorTest.bytes(next.get(i)));
        }
    }

    @Test
    void theNextBatchIsGeneratedWhileOneIsDelivered() throws Exception {
        MuseTalkAnimator animator = animator();
        long before = head.runtime().worker().stats().frames();
        long[] workerFramesSeen = new long[1];
        List<VideoFrame> delivered = new ArrayList<>();
        // Two seconds at once: the batches are all ready, so each is queued before its predecessor is delivered.
        animator.speak(new AudioChunk(speech(2 * RATE), RATE), frame -> {
            if (delivered.isEmpty()) {
                // Hold the first frame until the worker has generated the second batch too: without the overlap it
                // would never come, since the second batch would be queued only after this call returns.
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (head.runtime().worker().stats().frames() - before < 2L * BATCH && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                workerFramesSeen[0] = head.runtime().worker().stats().frames() - before;
            }
            delivered.add(frame);
        });
        assertEquals(2L * BATCH, workerFramesSeen[0], "the second batch was generated while the first was delivered");
        for (int i = 0; i < delivered.size(); i++) {
            assertEquals(i, delivered.get(i).index());
        }
        // What overlapped batches are computed from is checked against the direct path by the first test above,
        // whose calls deliver several batches each.
        assertTrue(delivered.size() >= 8 * BATCH, "frames delivered: " + delivered.size());
    }

    @Test
    void abandoningWithoutAnUtteranceDoesNothing() throws Exception {
        MuseTalkAnimator animator = animator();
        animator.idle(3, f -> { });
        animator.abandonUtterance();
        assertEquals(3, animator.nextFrameIndex());
        assertEquals(0, animator.generatorRuns());
    }
}
