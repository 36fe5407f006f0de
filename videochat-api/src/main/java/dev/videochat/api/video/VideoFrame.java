package dev.videochat.api.video;

import java.nio.ByteBuffer;

/**
 * One video frame, packed pixels row by row with no padding.
 *
 * <p>The frame takes ownership of the buffer it is built with: the producer must not write to it afterwards
 * (frames are large, so they are handed over rather than copied). Readers get a read-only view through
 * {@link #pixels()}.
 *
 * @param width  pixels per row, at least 1
 * @param height rows, at least 1
 * @param format the pixel layout
 * @param index  the frame's position in its session's video timeline (0, 1, 2, ...), continuous across turns
 * @param pixels exactly {@code width * height * format.bytesPerPixel()} bytes from position 0
 */
public record VideoFrame(int width, int height, PixelFormat format, long index, ByteBuffer pixels) {

    public VideoFrame {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be at least 1x1, got " + width + "x" + height);
        }
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        if (index < 0) {
            throw new IllegalArgumentException("frame index must be >= 0, got " + index);
        }
        if (pixels == null) {
            throw new IllegalArgumentException("pixels must not be null");
        }
        long expected = (long) width * height * format.bytesPerPixel();
        if (pixels.capacity() != expected) {
            throw new IllegalArgumentException("a " + width + "x" + height + " " + format + " frame needs "
                    + expected + " bytes, got " + pixels.capacity());
        }
        pixels = pixels.asReadOnlyBuffer().clear();
    }

    /** Wraps a byte array; the frame owns it from now on. */
    public static VideoFrame of(int width, int height, PixelFormat format, long index, byte[] pixels) {
        return new VideoFrame(width, height, format, index, ByteBuffer.wrap(pixels));
    }

    /** A read-only view of the pixels, positioned at 0. */
    @Override
    public ByteBuffer pixels() {
        return pixels.duplicate();
    }

    /** The size of the pixel data in bytes. */
    public int byteSize() {
        return pixels.capacity();
    }

    /** The same picture with another timeline index (no pixel copy). */
    public VideoFrame withIndex(long newIndex) {
        return new VideoFrame(width, height, format, newIndex, pixels);
    }

    @Override
    public String toString() {
        return "VideoFrame[#" + index + " " + width + "x" + height + " " + format + "]";
    }
}
