package dev.videochat.webrtc;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;

import java.nio.ByteBuffer;

/**
 * Packed RGB24 / BGR24 to I420 (BT.601, limited range, chroma averaged over each 2x2 block), written straight
 * into libwebrtc's native planes. Reuses its row buffers, so a stream of frames allocates nothing here. One per
 * stream; not thread-safe.
 */
final class I420Conversion {

    private byte[] rows = new byte[0];
    private byte[] yRow = new byte[0];
    private byte[] uRow = new byte[0];
    private byte[] vRow = new byte[0];

    /** Converts {@code frame} into {@code dst}, which must have the frame's size. */
    void convert(VideoFrame frame, I420Buffer dst) {
        int w = frame.width();
        int h = frame.height();
        if (dst.getWidth() != w || dst.getHeight() != h) {
            throw new IllegalArgumentException("I420 buffer is " + dst.getWidth() + "x" + dst.getHeight()
                    + ", frame is " + w + "x" + h);
        }
        int rowBytes = w * 3;
        int chromaWidth = (w + 1) / 2;
        ensureCapacity(rowBytes, w, chromaWidth);
        boolean rgb = frame.format() == PixelFormat.RGB24;
        int ri = rgb ? 0 : 2;
        int bi = rgb ? 2 : 0;
        ByteBuffer src = frame.pixels();
        ByteBuffer dy = dst.getDataY();
        ByteBuffer du = dst.getDataU();
        ByteBuffer dv = dst.getDataV();
        int strideY = dst.getStrideY();
        int strideU = dst.getStrideU();
        int strideV = dst.getStrideV();
        for (int y = 0; y < h; y += 2) {
            boolean pair = y + 1 < h;
            src.get(y * rowBytes, rows, 0, rowBytes);
            if (pair) {
                src.get((y + 1) * rowBytes, rows, rowBytes, rowBytes);
            } else {
                // An odd last row pairs with itself for chroma.
                System.arraycopy(rows, 0, rows, rowBytes, rowBytes);
            }
            lumaRow(0, w, ri, bi);
            dy.put(y * strideY, yRow, 0, w);
            if (pair) {
                lumaRow(rowBytes, w, ri, bi);
                dy.put((y + 1) * strideY, yRow, 0, w);
            }
            chromaRow(rowBytes, w, chromaWidth, ri, bi);
            du.put((y / 2) * strideU, uRow, 0, chromaWidth);
            dv.put((y / 2) * strideV, vRow, 0, chromaWidth);
        }
    }

    private void lumaRow(int offset, int w, int ri, int bi) {
        byte[] px = rows;
        for (int x = 0, p = offset; x < w; x++, p += 3) {
            int r = px[p + ri] & 0xff;
            int g = px[p + 1] & 0xff;
            int b = px[p + bi] & 0xff;
            yRow[x] = (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
        }
    }

    private void chromaRow(int rowBytes, int w, int chromaWidth, int ri, int bi) {
        byte[] px = rows;
        for (int cx = 0; cx < chromaWidth; cx++) {
            int p0 = cx * 6;
            // An odd last column pairs with itself.
            int p1 = (2 * cx + 1 < w) ? p0 + 3 : p0;
            int r = (px[p0 + ri] & 0xff) + (px[p1 + ri] & 0xff)
                    + (px[rowBytes + p0 + ri] & 0xff) + (px[rowBytes + p1 + ri] & 0xff);
            int g = (px[p0 + 1] & 0xff) + (px[p1 + 1] & 0xff)
                    + (px[rowBytes + p0 + 1] & 0xff) + (px[rowBytes + p1 + 1] & 0xff);
            int b = (px[p0 + bi] & 0xff) + (px[p1 + bi] & 0xff)
                    + (px[rowBytes + p0 + bi] & 0xff) + (px[rowBytes + p1 + bi] & 0xff);
            r = (r + 2) >> 2;
            g = (g + 2) >> 2;
            b = (b + 2) >> 2;
            uRow[cx] = (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
            vRow[cx] = (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
        }
    }

    private void ensureCapacity(int rowBytes, int w, int chromaWidth) {
        if (rows.length < 2 * rowBytes) {
            rows = new byte[2 * rowBytes];
            yRow = new byte[w];
            uRow = new byte[chromaWidth];
            vRow = new byte[chromaWidth];
        }
    }
}
