package dev.videochat.musetalk.avatar;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceRegionTest {

    @Test
    void cropBoxIsMuseTalksSquareAroundTheFaceBox() {
        // xc = 150, yc = 190, max(w, h) = 140 -> half = int(70 * 1.5) = 105
        FaceRegion r = FaceRegion.around(100, 120, 200, 260, 1.5);
        assertEquals(new FaceRegion(100, 120, 200, 260, 45, 85, 255, 295), r);
        assertEquals(210, r.cropSize());
        // MuseTalk 1.0's expansion: half = int(70 * 1.2) = 84
        assertEquals(new FaceRegion(100, 120, 200, 260, 66, 106, 234, 274), FaceRegion.around(100, 120, 200, 260, 1.2));
    }

    @Test
    void oddSizesStillContainTheFaceBox() {
        for (int w = 1; w < 20; w++) {
            for (int h = 1; h < 20; h++) {
                FaceRegion r = FaceRegion.around(10, 10, 10 + w, 10 + h, 1.0);
                assertTrue(r.cropX1() <= 10 && r.cropY1() <= 10 && r.cropX2() >= 10 + w && r.cropY2() >= 10 + h, r::toString);
                assertEquals(r.cropX2() - r.cropX1(), r.cropY2() - r.cropY1());
            }
        }
    }

    @Test
    void cropBoxMayLeaveTheFrame() {
        FaceRegion r = FaceRegion.around(0, 0, 40, 60, 1.5);
        assertTrue(r.cropX1() < 0 && r.cropY1() < 0, r::toString);
    }

    @Test
    void badBoxesAreRejectedWithTheirCoordinates() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FaceRegion(10, 10, 10, 20, 0, 0, 30, 30));
        assertTrue(e.getMessage().contains("(10,10)-(10,20)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FaceRegion(10, 10, 20, 20, 12, 0, 30, 30));
        assertTrue(e.getMessage().contains("does not contain"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaceRegion.around(0, 0, 10, 10, 0.5));
    }

    @Test
    void cycleRunsForwardThenBackward() {
        PreparedAvatar avatar = TestAvatars.synthetic("a", 32, 32, 3, false);
        int[] expected = {0, 1, 2, 2, 1, 0, 0, 1, 2, 2};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], avatar.cycleFrame(i), "index " + i);
        }
    }
}
