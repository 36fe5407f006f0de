package dev.videochat.musetalk.audio;

import dev.videochat.musetalk.MuseTalkVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureWindowTest {

    private static final MuseTalkVersion V15 = MuseTalkVersion.V1_5;
    private static final int LOOKAHEAD = 3200; // 0.2 s

    @Test
    void theFirstFrameCoversSixRowsOfAudio() {
        // Frame 0 at 25 fps uses rows -4..5: the audio up to 6 rows (0.12 s).
        assertEquals(1920, FeatureWindow.samplesCovered(V15, 25, 0));
        assertEquals(1920 + 640, FeatureWindow.samplesCovered(V15, 25, 1));
        assertEquals(1920, FeatureWindow.samplesCovered(MuseTalkVersion.V1_0, 25, 0));
    }

    @Test
    void aWindowEndsTheLookaheadPastTheBatchAndStartsAtTheUtterance() {
        FeatureWindow w = FeatureWindow.forFrames(V15, 25, 0, 4, 10 * 16000, LOOKAHEAD);
        // Frames 0..3 use rows -4..11: audio up to 12 rows (3,840 samples), then the lookahead.
        assertEquals(0, w.startSample());
        assertEquals(3840 + LOOKAHEAD, w.endSample());
        assertEquals(0, w.firstRow());
        assertEquals(12, w.rowCount());
        assertEquals(0, w.frameShift());
    }

    @Test
    void aWindowReachesBackThirtySecondsFromARowAndShiftsTheFramesToItsRows() {
        // Frames 1000..1003 (40 s in) use rows 1996..2011.
        FeatureWindow w = FeatureWindow.forFrames(V15, 25, 1000, 4, 60 * 16000, LOOKAHEAD);
        long end = 2012L * 320 + LOOKAHEAD;
        assertEquals(end, w.endSample());
        assertEquals(0, w.startSample() % FeatureWindow.SAMPLES_PER_ROW);
        assertTrue(w.endSample() - w.startSample() <= WhisperLogMel.WINDOW_SAMPLES);
        assertTrue(w.endSample() - w.startSample() > WhisperLogMel.WINDOW_SAMPLES - FeatureWindow.SAMPLES_PER_ROW);
        assertEquals(1996, w.firstRow());
        assertEquals(16, w.rowCount());
        assertEquals(998, w.frameShift());
        assertEquals(1996 - w.startRow(), w.windowRow());
        // Frame 1000 addressed as frame 2 starts at copied row 0, as whole-clip features would have it at row 1996.
        assertEquals(0, AudioPrompts.firstRow(V15, 1000 - w.frameShift(), 25));
    }

    @Test
    void atTheEndOfTheAudioRowsStopWhereTheClipStops() {
        // 2.0 s = 100 rows; frames 46..49 use rows 88..107, of which 88..99 exist.
        FeatureWindow w = FeatureWindow.forFrames(V15, 25, 46, 4, 32000, LOOKAHEAD);
        assertEquals(32000, w.endSample());
        assertEquals(0, w.startSample());
        assertEquals(88, w.firstRow());
        assertEquals(12, w.rowCount());
        assertEquals(44, w.frameShift());
    }

    @Test
    void framesAtARateThatIsNotAWholeNumberOfRowsShiftByWholeSteps() {
        // 30 fps: 5 rows every 3 frames.
        for (int first = 0; first < 200; first += 7) {
            FeatureWindow w = FeatureWindow.forFrames(V15, 30, first, 5, 20 * 16000, LOOKAHEAD);
            assertEquals(0, w.frameShift() % 3);
            for (int f = first; f < first + 5; f++) {
                assertEquals(AudioPrompts.firstRow(V15, f, 30) - w.firstRow(),
                        AudioPrompts.firstRow(V15, f - w.frameShift(), 30), "frame " + f);
            }
        }
    }

    @Test
    void aBatchTooLongForOneWindowIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> FeatureWindow.forFrames(V15, 25, 0, 800, 40 * 16000, LOOKAHEAD));
        assertTrue(e.getMessage().contains("30 s window"), e.getMessage());
    }
}
