package dev.videochat.vad.silero;

import dev.videochat.api.audio.AudioChunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a clip has speech by loudness alone, as a yardstick for the detector on clean recordings, after the classic
 * two-threshold end-point rule (Rabiner and Sambur, 1975). Levels are taken over 10 ms windows; the noise floor is
 * the 10th percentile of window levels. Speech is found where the level is at least 12 dB above the floor and within
 * 30 dB of the loudest window, for at least 100 ms (shorter runs are clicks or breaths); each such run is then
 * widened while the level stays 6 dB above the floor, so a decaying syllable counts to its end. Gaps shorter than
 * the merge gap are bridged and segments shorter than 250 ms dropped, as the endpointer does. Times in ms from the
 * clip's start.
 */
final class EnergyReference {

    /** A stretch of speech, ms. */
    record Segment(long startMs, long endMs) {
    }

    private static final int WINDOW_MS = 10;

    private EnergyReference() {
    }

    /** The segments with the endpointer's default end silence (600 ms) as the merge gap. */
    static List<Segment> segments(AudioChunk clip) {
        return segments(clip, 600);
    }

    /** The segments, bridging gaps shorter than {@code mergeGapMs}. */
    static List<Segment> segments(AudioChunk clip, long mergeGapMs) {
        int window = clip.sampleRate() * WINDOW_MS / 1000;
        int count = clip.sampleCount() / window;
        double[] db = new double[count];
        for (int w = 0; w < count; w++) {
            double sum = 0;
            for (int i = w * window; i < (w + 1) * window; i++) {
                double x = clip.sample(i) / 32768.0;
                sum += x * x;
            }
            db[w] = 20 * Math.log10(Math.sqrt(sum / window) + 1e-9);
        }
        double[] sorted = db.clone();
        Arrays.sort(sorted);
        double floor = sorted[(int) (0.1 * (count - 1))];
        double threshold = Math.max(floor + 12, sorted[count - 1] - 30);
        double tail = floor + 6;

        List<long[]> runs = new ArrayList<>();
        for (int w = 0; w < count; ) {
            if (db[w] < threshold) {
                w++;
                continue;
            }
            int end = w;
            while (end < count && db[end] >= threshold) {
                end++;
            }
            if ((end - w) * WINDOW_MS >= 100) {
                int from = w;
                int to = end;
                while (from > 0 && db[from - 1] >= tail) {
                    from--;
                }
                while (to < count && db[to] >= tail) {
                    to++;
                }
                runs.add(new long[] {(long) from * WINDOW_MS, (long) to * WINDOW_MS});
            }
            w = end;
        }
        List<long[]> merged = new ArrayList<>();
        for (long[] run : runs) {
            if (!merged.isEmpty() && run[0] - merged.get(merged.size() - 1)[1] < mergeGapMs) {
                long[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], run[1]);
            } else {
                merged.add(run);
            }
        }
        List<Segment> out = new ArrayList<>();
        for (long[] m : merged) {
            if (m[1] - m[0] >= 250) {
                out.add(new Segment(m[0], m[1]));
            }
        }
        return out;
    }
}
