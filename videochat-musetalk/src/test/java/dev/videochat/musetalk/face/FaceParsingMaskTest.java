package dev.videochat.musetalk.face;

import dev.videochat.musetalk.face.FaceParsingMask.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class rules and morphology of MuseTalk's face parsing on synthetic label maps; expected pixels worked out by
 * hand from OpenCV's definitions (dilate: maximum over {@code src(x + kx - ax, y + ky - ay)} for set elements).
 */
class FaceParsingMaskTest {

    private static final int S = FaceParsingMask.SIZE;

    private static boolean on(byte[] m, int x, int y) {
        return m[y * S + x] != 0;
    }

    private static void fill(byte[] labels, int x1, int y1, int x2, int y2, int label) {
        for (int y = y1; y <= y2; y++) {
            for (int x = x1; x <= x2; x++) {
                labels[y * S + x] = (byte) label;
            }
        }
    }

    @Test
    void rawKeepsSkinMouthAndLipsAndNeckModeAddsTheNeck() {
        byte[] labels = new byte[S * S];
        int[] classes = {1, 10, 11, 12, 13, 14, 0, 17, 2};
        for (int i = 0; i < classes.length; i++) {
            labels[i] = (byte) classes[i];
        }
        byte[] raw = FaceParsingMask.region(labels, Mode.RAW, 0);
        byte[] neck = FaceParsingMask.region(labels, Mode.NECK, 0);
        boolean[] rawOn = {true, false, true, true, true, false, false, false, false};
        for (int i = 0; i < classes.length; i++) {
            assertEquals(rawOn[i], raw[i] != 0, "raw, class " + classes[i]);
            assertEquals(rawOn[i] || classes[i] == 14, neck[i] != 0, "neck, class " + classes[i]);
        }
        assertEquals((byte) 255, raw[0]);
    }

    @Test
    void theJawKernelIsAConeOnAStem() {
        boolean[] k = FaceParsingMask.jawKernel();
        int set = 0;
        for (boolean b : k) {
            set += b ? 1 : 0;
        }
        assertEquals(121 + 12 * 21, set); // 1 + 3 + ... + 21, then 12 rows of 21
        assertTrue(k[10 * 33 + 16]);
        assertFalse(k[10 * 33 + 15]);
        assertFalse(k[9 * 33 + 16]);
        assertTrue(k[20 * 33 + 6]);
        assertTrue(k[32 * 33 + 26]);
        assertFalse(k[32 * 33 + 27]);
    }

    @Test
    void theCheekKernelIsAFlatEllipse() {
        boolean[] k = FaceParsingMask.cheekKernel();
        for (int x = 0; x < 35; x++) {
            assertEquals(x == 17, k[x], "top row, column " + x);
            assertTrue(k[35 + x]);
            assertEquals(x == 17, k[70 + x], "bottom row, column " + x);
        }
    }

    @Test
    void theCheekAreaIsBothRectanglesWithTheirEndColumns() {
        assertTrue(FaceParsingMask.inCheek(166, 90));
        assertFalse(FaceParsingMask.inCheek(167, 90));
        assertFalse(FaceParsingMask.inCheek(345, 90));
        assertTrue(FaceParsingMask.inCheek(346, 90));
    }

    @Test
    void dilationSpreadsOnePixelSixteenRowsUpWideAndSixRowsDownNarrow() {
        byte[] one = new byte[S * S];
        one[256 * S + 256] = (byte) 255;
        byte[] d = FaceParsingMask.dilate(one, S, S, FaceParsingMask.jawKernel(), 33, 33);
        assertTrue(on(d, 256, 240));
        assertTrue(on(d, 246, 240));
        assertTrue(on(d, 266, 240));
        assertFalse(on(d, 245, 240));
        assertFalse(on(d, 256, 239));
        assertTrue(on(d, 256, 262));
        assertFalse(on(d, 257, 262));
        assertFalse(on(d, 256, 263));
    }

    @Test
    void jawGrowsTheSkinInTheMiddleErodesItAtTheCheeksDropsTheNoseAndKeepsTheLips() {
        byte[] labels = new byte[S * S];
        fill(labels, 100, 200, 411, 299, 1);  // skin
        fill(labels, 250, 240, 260, 250, 10); // nose inside the skin
        fill(labels, 20, 20, 30, 30, 12);     // a lip far away
        byte[] m = FaceParsingMask.region(labels, Mode.JAW, 90);
        // Middle column (x = 256): the dilation alone, rows 200 - 16 = 184 to 299 + 6 = 305.
        assertTrue(on(m, 256, 184));
        assertFalse(on(m, 256, 183));
        assertTrue(on(m, 256, 305));
        assertFalse(on(m, 256, 306));
        // Cheek (x = 150): the dilation 184..305 eroded twice by one row at top and bottom: 186..303.
        assertTrue(on(m, 150, 186));
        assertFalse(on(m, 150, 185));
        assertTrue(on(m, 150, 303));
        assertFalse(on(m, 150, 304));
        // Row 250: dilated from x = 100 - 10 = 90, eroded twice by 17 columns: from 124.
        assertTrue(on(m, 124, 250));
        assertFalse(on(m, 123, 250));
        // The nose is cut out, the lips kept wherever they are.
        assertFalse(on(m, 255, 245));
        assertTrue(on(m, 249, 245));
        assertTrue(on(m, 25, 25));
    }

    @Test
    void theFeatherIsATenthOfTheCropRoundedToAnOddSize() {
        assertEquals(25, FaceParsingMask.blurSize(256));
        assertEquals(31, FaceParsingMask.blurSize(300));
        assertEquals(41, FaceParsingMask.blurSize(400));
        assertEquals(7, FaceParsingMask.blurSize(69));
    }

    @Test
    void theCropMaskKeepsTheFaceBoxBelowTheMiddleAndFeathersIt() {
        byte[] all = new byte[S * S];
        java.util.Arrays.fill(all, (byte) 255);
        // side 100: kept rows 50..89, columns 10..89; an 11-pixel Gaussian reaches 5 pixels out
        byte[] mask = FaceParsingMask.cropMask(all, 100, 10, 10, 90, 90);
        for (int x = 0; x < 100; x++) {
            assertEquals(0, mask[44 * 100 + x], "row 44, column " + x);
        }
        assertEquals(255, mask[70 * 100 + 50] & 0xff);
        int edge = mask[50 * 100 + 50] & 0xff;
        assertTrue(edge > 100 && edge < 255, "at the middle line: " + edge);
        assertEquals(0, mask[70 * 100 + 4]);
        assertEquals(0, mask[95 * 100 + 50]);
    }
}
