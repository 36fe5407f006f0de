package dev.videochat.musetalk.face;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Values worked out by hand from mmpose's GetBBoxCenterScale (padding 1.25) and TopdownAffine (288 x 384). */
class TopDownAffineTest {

    @Test
    void aPictureOfTheInputsAspectIsPaddedByAQuarter() {
        // 360 x 480: scale (450, 600), already 3:4; 450 / 288 = 1.5625 picture pixels per input pixel
        TopDownAffine a = TopDownAffine.ofPicture(360, 480);
        assertEquals(450f, a.scaleWidth);
        assertEquals(600f, a.scaleHeight);
        assertEquals(180f, a.pictureX(144f));
        assertEquals(240f, a.pictureY(192f));
        assertEquals(-45f, a.pictureX(0f));
        assertEquals(-60f, a.pictureY(0f));
        assertEquals(405f, a.pictureX(288f));
    }

    @Test
    void aWidePictureGetsATallerScale() {
        // 640 x 480: (800, 600); 800 > 600 * 0.75, so the height becomes 800 / 0.75
        TopDownAffine a = TopDownAffine.ofPicture(640, 480);
        assertEquals(800f, a.scaleWidth);
        assertEquals(800f / 0.75f, a.scaleHeight, 1e-3);
        assertEquals(320f, a.pictureX(144f));
        assertEquals(240f, a.pictureY(192f), 1e-4);
    }

    @Test
    void theWarpSamplesTheCentreAtTheInputsCentreAndBlackOutside() {
        int w = 360;
        int h = 480;
        byte[] bgr = new byte[w * h * 3];
        int centre = (240 * w + 180) * 3;
        bgr[centre] = (byte) 30;      // B
        bgr[centre + 1] = (byte) 60;  // G
        bgr[centre + 2] = (byte) 200; // R
        float[] input = new float[3 * 288 * 384];
        TopDownAffine.ofPicture(w, h).warp(bgr, w, h, input);
        int plane = 288 * 384;
        int p = 192 * 288 + 144;
        assertEquals((200 - 123.675f) / 58.395f, input[p], 1e-5);
        assertEquals((60 - 116.28f) / 57.12f, input[plane + p], 1e-5);
        assertEquals((30 - 103.53f) / 57.375f, input[2 * plane + p], 1e-5);
        // input (0, 0) is picture (-45, -60): outside, black
        assertEquals(-123.675f / 58.395f, input[0], 1e-5);
    }
}
