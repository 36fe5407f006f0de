package dev.videochat.musetalk.face;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected boxes worked out by hand from MuseTalk's {@code get_landmark_and_bbox}: landmarks truncated, landmark 29
 * shifted, {@code half = max(y) - y29}, {@code y1 = y29 - half}, {@code x1 = min(x)}, {@code x2 = max(x)},
 * {@code y2 = max(y)}.
 */
class LandmarkBoxTest {

    /** A face: every point at (100.7, 120.5) but the jaw ends, the chin and the nose bridge. */
    private static float[][] face() {
        float[] xs = new float[68];
        float[] ys = new float[68];
        Arrays.fill(xs, 100.7f);
        Arrays.fill(ys, 120.5f);
        xs[0] = 50.9f;   // leftmost, truncates to 50
        xs[16] = 150.2f; // rightmost, truncates to 150
        ys[8] = 180.99f; // chin, lowest, truncates to 180
        ys[28] = 125.3f;
        ys[29] = 130.7f; // nose bridge, truncates to 130
        ys[30] = 140.2f;
        return new float[][] {xs, ys};
    }

    @Test
    void theBoxIsCentredVerticallyOnLandmark29() {
        float[][] f = face();
        // half = 180 - 130 = 50, y1 = 130 - 50 = 80
        assertEquals(Optional.of(new LandmarkBox(50, 80, 150, 180)), LandmarkBox.of(f[0], f[1], 0));
    }

    @Test
    void aPositiveShiftMovesTheMiddleDownAndTheTopTwiceAsFar() {
        float[][] f = face();
        // middle 135, half = 180 - 135 = 45, y1 = 90
        assertEquals(Optional.of(new LandmarkBox(50, 90, 150, 180)), LandmarkBox.of(f[0], f[1], 5));
        // middle 120, half = 60, y1 = 60
        assertEquals(Optional.of(new LandmarkBox(50, 60, 150, 180)), LandmarkBox.of(f[0], f[1], -10));
    }

    @Test
    void aShiftBelowTheChinMovesTheBottomWithLandmark29AndEmptiesTheBox() {
        float[][] f = face();
        // landmark 29 moves to 190, below the chin: max(y) = 190, half = 0, y1 = y2 = 190, rejected
        assertEquals(Optional.empty(), LandmarkBox.of(f[0], f[1], 60));
    }

    @Test
    void coordinatesAreTruncatedTowardsZeroAndANegativeLeftEdgeIsRejected() {
        float[][] f = face();
        f[0][0] = -0.5f; // truncates to 0: still accepted
        assertEquals(0, LandmarkBox.of(f[0], f[1], 0).orElseThrow().x1());
        f[0][0] = -1.2f; // truncates to -1: rejected, the detector's box is used instead
        assertTrue(LandmarkBox.of(f[0], f[1], 0).isEmpty());
    }

    @Test
    void aFlatFaceIsRejected() {
        float[] xs = new float[68];
        float[] ys = new float[68];
        Arrays.fill(xs, 10f);
        Arrays.fill(ys, 10f);
        xs[3] = 20f;
        assertTrue(LandmarkBox.of(xs, ys, 0).isEmpty());
    }

    @Test
    void theSuggestedShiftRangeIsTheDistancesToLandmarks30And28() {
        // -(140 - 130), 130 - 125
        assertArrayEquals(new int[] {-10, 5}, LandmarkBox.suggestedShiftRange(face()[1]));
    }

    @Test
    void sixtyEightLandmarksAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> LandmarkBox.of(new float[5], new float[68], 0));
    }
}
