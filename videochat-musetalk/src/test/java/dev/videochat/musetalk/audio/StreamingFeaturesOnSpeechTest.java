package dev.videochat.musetalk.audio;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.testing.TestAssets;
import dev.videochat.core.thg.FrameClock;
import dev.videochat.musetalk.MuseTalkVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How far the log-mel that streamed frames are encoded from lies from a whole-clip encoding, on the shared speech
 * clips, with the animator's schedule (audio in 20 ms chunks, lookahead 0.2 s, first batch as soon as a frame is
 * ready, then full batches). Prints the table the module README quotes; skips when the assets are absent.
 *
 * <p>A frame's own prompt columns lie wholly in audio that has arrived (the lookahead covers their 200-sample
 * reach), so their raw values are the whole clip's; only the window's floor ({@code max - 8} over the window instead
 * of the clip) can change them. What the window lacks besides is the audio after its end, which the encoder's
 * attention would see in a whole-clip run.
 */
class StreamingFeaturesOnSpeechTest {

    private static final int RATE = WhisperLogMel.SAMPLE_RATE;
    private static final int FPS = 25;
    private static final int LOOKAHEAD = 3200;
    private static final List<String> CLIPS = List.of(
            "audio/en/jfk.wav",
            "audio/en/sense_and_sensibility_01_austen_64kb-0870.wav",
            "audio/en/sense_and_sensibility_01_austen_64kb-0880.wav",
            "audio/en/sense_and_sensibility_01_austen_64kb-0890.wav",
            "audio/en/sense_and_sensibility_01_austen_64kb-0920.wav",
            "audio/en/sense_and_sensibility_01_austen_64kb-0930.wav",
            "audio/zh/BAC009S0764W0121.wav",
            "audio/zh/BAC009S0764W0122.wav",
            "audio/zh/asr_example_zh.wav");

    /** Per clip and batch size: frames, frames whose own columns differ, the largest difference. */
    private record Drift(int frames, int differing, double maxDifference, double meanDifference,
                         int framesWithTheClipsPeak) {
    }

    @Test
    void streamedFramesSeeTheWholeClipsValuesExceptWhereTheirWindowMissesTheClipsPeak() throws IOException {
        System.out.println("clip | seconds | batch | frames | frames differing | max |difference| "
                + "| mean |difference| in differing frames");
        for (String name : CLIPS) {
            float[] clip = read(name);
            report(name.substring(name.lastIndexOf('/') + 1), clip);
        }
        // The case: quiet speech, then loud speech (0880 at -30 dB, then 0870 as recorded).
        float[] quiet = read(CLIPS.get(2));
        float[] loud = read(CLIPS.get(1));
        float[] both = Arrays.copyOf(quiet, quiet.length + loud.length);
        for (int i = 0; i < quiet.length; i++) {
            both[i] *= 0.0316f;
        }
        System.arraycopy(loud, 0, both, quiet.length, loud.length);
        report("0880 at -30 dB + 0870", both);
    }

    private static void report(String name, float[] clip) {
        for (int batch : new int[] {4, 16}) {
            Drift d = drift(clip, batch);
            System.out.printf("%s | %.2f | %d | %d | %d | %.3f | %.4f%n", name, clip.length / (double) RATE, batch,
                    d.frames(), d.differing(), d.maxDifference(), d.meanDifference());
            assertEquals(FrameClock.framesFor(clip.length, RATE, FPS), d.frames());
            assertTrue(d.framesWithTheClipsPeak() > 0, name);
        }
    }

    /** Runs the animator's schedule over {@code clip} and compares each frame's own columns with the whole clip's. */
    private static Drift drift(float[] clip, int batch) {
        Schedule schedule = new Schedule(clip);
        for (int at = 0; at < clip.length; at += 320) {
            schedule.stream.append(clip, at, Math.min(320, clip.length - at));
            int owed = (int) FrameClock.framesFor(schedule.stream.length(), RATE, FPS);
            while (schedule.ready < owed && FeatureWindow.samplesCovered(MuseTalkVersion.V1_5, FPS, schedule.ready)
                    + LOOKAHEAD <= schedule.stream.length()) {
                schedule.ready++;
            }
            while (schedule.ready - schedule.done >= (schedule.done == 0 ? 1 : batch)) {
                schedule.batch(Math.min(batch, schedule.ready - schedule.done));
            }
        }
        int owed = (int) FrameClock.framesFor(clip.length, RATE, FPS);
        while (schedule.done < owed) {
            schedule.batch(Math.min(batch, owed - schedule.done));
        }
        return new Drift(schedule.done, schedule.differing, schedule.worst,
                schedule.differing == 0 ? 0 : schedule.differenceSum / schedule.differingValues, schedule.withPeak);
    }

    /** The streamed log-mel of one clip, batch by batch, against the whole clip's. */
    private static final class Schedule {
        final StreamingLogMel stream = new StreamingLogMel();
        final float[] whole = new float[WhisperLogMel.OUTPUT_SIZE];
        final float[] window = new float[WhisperLogMel.OUTPUT_SIZE];
        final float clipTop;
        final int clipColumns;
        int ready;
        int done;
        int differing;
        int withPeak;
        double worst;
        double differenceSum;
        long differingValues;

        Schedule(float[] clip) {
            new WhisperLogMel().compute(clip, 0, clip.length, whole);
            clipTop = max(whole);
            clipColumns = 2 * AudioPrompts.featureRows(clip.length);
        }

        void batch(int count) {
            FeatureWindow w = FeatureWindow.forFrames(MuseTalkVersion.V1_5, FPS, done, count, stream.length(),
                    LOOKAHEAD);
            stream.window(w.startSample(), w.endSample(), window);
            boolean peak = max(window) == clipTop;
            int offset = (int) (w.startSample() / WhisperLogMel.HOP);
            for (int f = done; f < done + count; f++) {
                double difference = ownColumnsDifference(f, offset);
                if (peak) {
                    withPeak++;
                    assertEquals(0.0, difference, 1e-6, "frame " + f + ": its window holds the clip's peak");
                }
                differing += difference > 1e-6 ? 1 : 0;
                worst = Math.max(worst, difference);
            }
            done += count;
        }

        /**
         * The largest difference over the 20 log-mel columns under frame {@code f}'s prompt rows; when there is one,
         * the frame's absolute differences are added to the mean.
         */
        private double ownColumnsDifference(int f, int windowOffset) {
            int from = Math.max(0, 2 * AudioPrompts.firstRow(MuseTalkVersion.V1_5, f, FPS));
            int to = Math.min(clipColumns, 2 * (AudioPrompts.firstRow(MuseTalkVersion.V1_5, f, FPS)
                    + AudioPrompts.WINDOW_ROWS));
            double difference = 0;
            double sum = 0;
            for (int m = 0; m < WhisperLogMel.MEL_BANDS; m++) {
                int row = m * WhisperLogMel.FRAMES;
                for (int c = from; c < to; c++) {
                    double d = Math.abs(window[row + c - windowOffset] - whole[row + c]);
                    difference = Math.max(difference, d);
                    sum += d;
                }
            }
            if (difference > 1e-6) {
                differenceSum += sum;
                differingValues += (long) WhisperLogMel.MEL_BANDS * (to - from);
            }
            return difference;
        }
    }

    private static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static float[] read(String asset) throws IOException {
        AudioChunk audio = Wav.read(TestAssets.require(asset));
        assertEquals(RATE, audio.sampleRate(), asset);
        float[] samples = new float[audio.sampleCount()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = audio.sample(i) / 32768f;
        }
        return samples;
    }
}
