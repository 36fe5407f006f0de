package dev.videochat.musetalk.face;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SimccDecoderTest {

    private final float[] x = new float[SimccDecoder.KEYPOINTS * SimccDecoder.X_BINS];
    private final float[] y = new float[SimccDecoder.KEYPOINTS * SimccDecoder.Y_BINS];
    private final float[] u = new float[68];
    private final float[] v = new float[68];

    private void peak(float[] xs, float[] ys, int face, int xBin, int yBin, float value) {
        int k = SimccDecoder.FACE_FIRST + face;
        xs[k * SimccDecoder.X_BINS + xBin] = value;
        ys[k * SimccDecoder.Y_BINS + yBin] = value;
    }

    @Test
    void theArgmaxIsHalvedIntoInputPixels() {
        peak(x, y, 29, 301, 400, 1f);
        SimccDecoder.decodeFace(x, y, null, null, u, v);
        assertEquals(150.5f, u[29]);
        assertEquals(200f, v[29]);
    }

    @Test
    void aKeypointWithoutAPositivePeakIsMinusOneBin() {
        // all zeros: the smaller maximum is 0, not positive
        SimccDecoder.decodeFace(x, y, null, null, u, v);
        assertEquals(-0.5f, u[0]);
        assertEquals(-0.5f, v[0]);
    }

    @Test
    void flipTestingAveragesWithTheMirroredKeypointReversed() {
        // plain: point 0 (right jaw end) peaks at x bin 100; flipped input: point 16 peaks at 575 - 100 = 475
        // and point 0 at bin 80 with a weaker peak, so after reversing, point 0 sums its own peak at 100 with
        // point 16's reversed peak at 100.
        float[] fx = new float[x.length];
        float[] fy = new float[y.length];
        peak(x, y, 0, 100, 300, 1f);
        peak(fx, fy, 16, 475, 300, 1f);
        peak(x, y, 16, 90, 310, 0.2f);
        SimccDecoder.decodeFace(x, y, fx, fy, u, v);
        assertEquals(50f, u[0]);
        assertEquals(150f, v[0]);
    }

    @Test
    void mirrorPairsAreSymmetric() {
        for (int i = 0; i < 68; i++) {
            assertEquals(i, SimccDecoder.mirror(SimccDecoder.mirror(i)));
        }
        assertEquals(45, SimccDecoder.mirror(36));
        assertEquals(54, SimccDecoder.mirror(48));
        assertEquals(29, SimccDecoder.mirror(29));
    }
}
