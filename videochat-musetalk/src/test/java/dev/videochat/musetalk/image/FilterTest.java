package dev.videochat.musetalk.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** OpenCV's Gaussian blur and Pillow's resampling on tiny images, values worked out by hand. */
class FilterTest {

    @Test
    void reflect101MirrorsWithoutRepeatingTheEdge() {
        assertEquals(1, GaussianBlur.reflect101(-1, 5));
        assertEquals(2, GaussianBlur.reflect101(-2, 5));
        assertEquals(3, GaussianBlur.reflect101(5, 5));
    }

    @Test
    void aThreeTapBlurUsesOpenCvsFixedKernelAndReflectedBorder() {
        // [0, 0, 200]: x=0 sees (0, 0, 0); x=1 sees .25*0 + .5*0 + .25*200; x=2 sees .25*0 + .5*200 + .25*0
        byte[] out = GaussianBlur.blur(new byte[] {0, 0, (byte) 200}, 3, 1, 3);
        assertArrayEquals(new byte[] {0, 50, 100}, out);
    }

    @Test
    void largeKernelsFollowOpenCvsSigma() {
        float[] k = GaussianBlur.kernel(9);
        double sigma = 0.3 * (4 - 1) + 0.8;
        assertEquals(Math.exp(-16 / (2 * sigma * sigma)), k[0] / k[4], 1e-6);
        float sum = 0;
        for (float w : k) {
            sum += w;
        }
        assertEquals(1f, sum, 1e-6);
    }

    @Test
    void pillowBilinearShrinksWithAWidenedTriangle() {
        // 4 -> 2: support 2 source pixels; out 0 = (3*0 + 3*100 + 1*200) / 7, out 1 = (1*100 + 3*200 + 3*240) / 7
        byte[] out = PilResize.resize(new byte[] {0, 100, (byte) 200, (byte) 240}, 4, 1, 1, 2, 1,
                PilResize.Filter.BILINEAR);
        assertEquals(71, out[0] & 0xff);
        assertEquals(203, out[1] & 0xff);
    }

    @Test
    void pillowAtTheSameSizeIsTheIdentity() {
        byte[] src = {5, (byte) 250, 17, 99, 0, (byte) 128};
        assertArrayEquals(src, PilResize.resize(src, 3, 2, 1, 3, 2, PilResize.Filter.BICUBIC));
        assertArrayEquals(src, PilResize.resize(src, 3, 2, 1, 3, 2, PilResize.Filter.BILINEAR));
    }
}
