package dev.videochat.musetalk.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageOperationsTest {

    private static byte[] gradient(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                px[o] = (byte) (x * 255 / Math.max(1, w - 1));
                px[o + 1] = (byte) (y * 255 / Math.max(1, h - 1));
                px[o + 2] = (byte) 77;
            }
        }
        return px;
    }

    @Test
    void scalingToTheSameSizeGivesTheImageBack() {
        byte[] src = gradient(37, 23);
        for (Resizer r : new Resizer[] {Resizer.linear(37, 23, 37, 23, 3), Resizer.lanczos4(37, 23, 37, 23, 3)}) {
            byte[] dst = new byte[src.length];
            r.resize(src, dst);
            assertArrayEquals(src, dst);
        }
    }

    @Test
    void bilinearDoublingMatchesOpenCvsHalfPixelSampling() {
        // cv2.resize(np.array([[0, 100]], np.uint8), (4, 1), interpolation=cv2.INTER_LINEAR) == [[0, 25, 75, 100]]
        byte[] dst = new byte[4];
        Resizer.linear(2, 1, 4, 1, 1).resize(new byte[] {0, 100}, dst);
        assertArrayEquals(new byte[] {0, 25, 75, 100}, dst);
    }

    @Test
    void aFlatImageStaysFlatAtAnySize() {
        byte[] src = new byte[50 * 40 * 3];
        java.util.Arrays.fill(src, (byte) 200);
        byte[] dst = new byte[256 * 256 * 3];
        Resizer.lanczos4(50, 40, 256, 256, 3).resize(src, dst);
        for (byte b : dst) {
            assertEquals(200, b & 0xff);
        }
        Resizer.linear(50, 40, 7, 5, 3).resize(src, dst);
        for (int i = 0; i < 7 * 5 * 3; i++) {
            assertEquals(200, dst[i] & 0xff);
        }
    }

    @Test
    void wrongBufferSizesAreNamed() {
        Resizer r = Resizer.linear(4, 4, 2, 2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> r.resize(new byte[10], new byte[12]));
        assertTrue(e.getMessage().contains("4x4x3") && e.getMessage().contains("48"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resizer.linear(0, 4, 2, 2, 3));
    }

    @Test
    void cropCopiesTheBoxAndRefusesBoxesOutside() {
        byte[] src = gradient(10, 8);
        byte[] crop = Images.crop(src, 10, 8, 2, 3, 5, 6);
        assertEquals(3 * 3 * 3, crop.length);
        assertEquals(src[(3 * 10 + 2) * 3], crop[0]);
        assertEquals(src[(5 * 10 + 4) * 3 + 1], crop[(2 * 3 + 2) * 3 + 1]);
        var e = assertThrows(IllegalArgumentException.class, () -> Images.crop(src, 10, 8, 5, 3, 11, 6));
        assertTrue(e.getMessage().contains("10x8"), e.getMessage());
    }

    @Test
    void theVaeInputIsRgbPlanesInMinusOneToOneWithTheLowerHalfBlackWhenMasked() {
        int side = 4;
        byte[] face = new byte[side * side * 3];
        for (int p = 0; p < side * side; p++) {
            face[p * 3] = (byte) 255; // blue
            face[p * 3 + 1] = 0;      // green
            face[p * 3 + 2] = (byte) 51; // red
        }
        float[] out = new float[3 * side * side];
        Images.toPlanarRgb(face, false, out);
        assertEquals(51 / 127.5f - 1, out[0], 1e-6);
        assertEquals(-1f, out[side * side], 1e-6);
        assertEquals(1f, out[2 * side * side], 1e-6);
        Images.toPlanarRgb(face, true, out);
        assertEquals(1f, out[2 * side * side + 7], 1e-6, "upper half kept");
        for (int plane = 0; plane < 3; plane++) {
            for (int p = side * side / 2; p < side * side; p++) {
                assertEquals(-1f, out[plane * side * side + p], "lower half black");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Images.toPlanarRgb(new byte[5 * 3 * 3], false, out));
    }

    @Test
    void blendingFollowsTheMaskAndNeverWritesOutsideThePicture() {
        int w = 8;
        int h = 8;
        byte[] picture = new byte[w * h * 3];
        // face box (0,0)-(4,4), crop box (-2,-2)-(6,6): it leaves the picture on the top and left.
        byte[] face = new byte[4 * 4 * 3];
        java.util.Arrays.fill(face, (byte) 255);
        byte[] mask = new byte[8 * 8];
        for (int y = 4; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                mask[y * 8 + x] = (byte) (x < 4 ? 255 : 128);
            }
        }
        Images.blend(picture, w, h, face, 0, 0, 4, 4, mask, -2, -2, 6, 6);
        // Picture row 2 is mask row 4: full face at x 0..1 (mask x 2..3), half at x 2..3 (mask x 4..5).
        assertEquals(255, picture[(2 * w) * 3] & 0xff);
        assertEquals(128, picture[(2 * w + 2) * 3] & 0xff);
        assertEquals(0, picture[(1 * w) * 3] & 0xff, "mask row 3 is 0");
        assertEquals(0, picture[(2 * w + 4) * 3] & 0xff, "outside the face box");
    }

    @Test
    void theLowerFaceMaskIsZeroAboveTheMiddleAndFullInsideTheJaw() {
        int side = 200;
        byte[] mask = Masks.lowerFaceMask(side, 40, 30, 160, 170);
        for (int i = 0; i < side * side / 2; i++) {
            assertEquals(0, mask[i], "upper half");
        }
        assertEquals(255, mask[150 * side + 100] & 0xff, "lower middle of the face");
        assertEquals(0, mask[150 * side + 10] & 0xff, "left of the face box");
        assertEquals(0, mask[190 * side + 100] & 0xff, "below the face box");
        int edge = mask[150 * side + 56] & 0xff; // the half-ellipse meets row 150 near x = 56
        assertTrue(edge > 0 && edge < 255, "feathered edge: " + edge);
        assertThrows(IllegalArgumentException.class, () -> Masks.lowerFaceMask(100, 40, 30, 160, 170));
    }
}
