package dev.videochat.webrtc;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RGB24/BGR24 to I420 with BT.601 limited-range values (no natives: a heap-backed buffer stands in). */
class I420ConversionTest {

    /** I420 planes in plain heap buffers, with padded strides to catch stride mistakes. */
    private record HeapI420(int width, int height, ByteBuffer y, ByteBuffer u, ByteBuffer v) implements I420Buffer {
        static HeapI420 of(int w, int h) {
            int cw = (w + 1) / 2;
            int ch = (h + 1) / 2;
            return new HeapI420(w, h, ByteBuffer.allocate((w + 8) * h), ByteBuffer.allocate((cw + 4) * ch),
                    ByteBuffer.allocate((cw + 4) * ch));
        }

        int y(int x, int row) {
            return y.get(row * getStrideY() + x) & 0xff;
        }

        int u(int cx, int crow) {
            return u.get(crow * getStrideU() + cx) & 0xff;
        }

        int v(int cx, int crow) {
            return v.get(crow * getStrideV() + cx) & 0xff;
        }

        @Override public ByteBuffer getDataY() { return y.duplicate(); }
        @Override public ByteBuffer getDataU() { return u.duplicate(); }
        @Override public ByteBuffer getDataV() { return v.duplicate(); }
        @Override public int getStrideY() { return width + 8; }
        @Override public int getStrideU() { return (width + 1) / 2 + 4; }
        @Override public int getStrideV() { return (width + 1) / 2 + 4; }
        @Override public int getWidth() { return width; }
        @Override public int getHeight() { return height; }
        @Override public I420Buffer toI420() { return this; }
        @Override public VideoFrameBuffer cropAndScale(int x, int y, int w, int h, int sw, int sh) {
            throw new UnsupportedOperationException();
        }
        @Override public void retain() { }
        @Override public void release() { }
    }

    private static VideoFrame solid(int w, int h, PixelFormat format, int r, int g, int b) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            px[3 * i] = (byte) (format == PixelFormat.RGB24 ? r : b);
            px[3 * i + 1] = (byte) g;
            px[3 * i + 2] = (byte) (format == PixelFormat.RGB24 ? b : r);
        }
        return VideoFrame.of(w, h, format, 0, px);
    }

    private static void assertNear(int expected, int actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1, what + ": expected " + expected + " got " + actual);
    }

    @Test
    void whiteBlackAndPureRedHaveTheirBt601Values() {
        I420Conversion conversion = new I420Conversion();
        HeapI420 out = HeapI420.of(4, 4);
        conversion.convert(solid(4, 4, PixelFormat.RGB24, 255, 255, 255), out);
        assertNear(235, out.y(0, 0), "white Y");
        assertNear(128, out.u(0, 0), "white U");
        assertNear(128, out.v(0, 0), "white V");
        conversion.convert(solid(4, 4, PixelFormat.RGB24, 0, 0, 0), out);
        assertNear(16, out.y(3, 3), "black Y");
        conversion.convert(solid(4, 4, PixelFormat.RGB24, 255, 0, 0), out);
        assertNear(82, out.y(1, 2), "red Y");
        assertNear(90, out.u(1, 1), "red U");
        assertNear(240, out.v(1, 1), "red V");
    }

    @Test
    void bgrAndRgbOfTheSameColourGiveTheSamePlanes() {
        I420Conversion conversion = new I420Conversion();
        HeapI420 rgb = HeapI420.of(6, 4);
        HeapI420 bgr = HeapI420.of(6, 4);
        conversion.convert(solid(6, 4, PixelFormat.RGB24, 30, 140, 220), rgb);
        conversion.convert(solid(6, 4, PixelFormat.BGR24, 30, 140, 220), bgr);
        assertEquals(rgb.y(5, 3), bgr.y(5, 3));
        assertEquals(rgb.u(2, 1), bgr.u(2, 1));
        assertEquals(rgb.v(2, 1), bgr.v(2, 1));
    }

    @Test
    void oddSizesFillTheLastChromaColumnAndRow() {
        I420Conversion conversion = new I420Conversion();
        HeapI420 out = HeapI420.of(5, 3);
        conversion.convert(solid(5, 3, PixelFormat.RGB24, 255, 0, 0), out);
        assertNear(82, out.y(4, 2), "last luma");
        assertNear(240, out.v(2, 1), "last chroma");
    }

    @Test
    void aBufferOfAnotherSizeIsRefused() {
        I420Conversion conversion = new I420Conversion();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conversion.convert(solid(4, 4, PixelFormat.RGB24, 0, 0, 0), HeapI420.of(2, 2)));
        assertTrue(e.getMessage().contains("2x2"), e.getMessage());
    }
}
