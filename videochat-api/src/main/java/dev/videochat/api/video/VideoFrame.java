package dev.videochat.api.video;

import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One video frame, packed pixels row by row with no padding. Immutable.
 *
 * <p>Buffer ownership follows the api's rule (see the {@code dev.videochat.api} package): the constructor and
 * {@link #of} copy the pixels in, and {@link #pixels()} hands out a read-only view. Frames are large and made many
 * times a second, so a producer that has just filled a buffer of its own may hand it over instead with
 * {@link #wrap(int, int, PixelFormat, long, byte[])}: the frame then owns it, and the producer must not write to
 * it afterwards.
 */
public final class VideoFrame {

    private final int width;
    private final int height;
    private final PixelFormat format;
    private final long index;
    /** Read-only, position 0, limit = capacity = the pixel data's size. */
    private final ByteBuffer pixels;

    /**
     * A frame holding a copy of {@code pixels}.
     *
     * @param width  pixels per row, at least 1
     * @param height rows, at least 1
     * @param format the pixel layout
     * @param index  the frame's position in its session's video timeline (0, 1, 2, ...), continuous across turns
     * @param pixels exactly {@code width * height * format.bytesPerPixel()} bytes from position 0 (its capacity);
     *               its position and limit are ignored and left as they are
     */
    public VideoFrame(int width, int height, PixelFormat format, long index, ByteBuffer pixels) {
        this(width, height, format, index, pixels, true);
    }

    private VideoFrame(int width, int height, PixelFormat format, long index, ByteBuffer pixels, boolean copy) {
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
        this.width = width;
        this.height = height;
        this.format = format;
        this.index = index;
        ByteBuffer whole = pixels.duplicate().clear();
        if (copy) {
            ByteBuffer owned = whole.isDirect() ? ByteBuffer.allocateDirect(whole.capacity())
                    : ByteBuffer.allocate(whole.capacity());
            whole = owned.put(whole).clear();
        }
        this.pixels = whole.asReadOnlyBuffer();
    }

    /** A frame holding a copy of {@code pixels}. */
    public static VideoFrame of(int width, int height, PixelFormat format, long index, byte[] pixels) {
        Objects.requireNonNull(pixels, "pixels");
        return new VideoFrame(width, height, format, index, ByteBuffer.wrap(pixels), true);
    }

    /**
     * A frame that takes {@code pixels} over without copying them, for producers that fill a new array per frame
     * (a renderer, a decoder): the caller must not write to the array afterwards.
     */
    public static VideoFrame wrap(int width, int height, PixelFormat format, long index, byte[] pixels) {
        Objects.requireNonNull(pixels, "pixels");
        return new VideoFrame(width, height, format, index, ByteBuffer.wrap(pixels), false);
    }

    /**
     * A frame that takes {@code pixels} over without copying them (from position 0 to its capacity): the caller
     * must not write to the buffer afterwards.
     */
    public static VideoFrame wrap(int width, int height, PixelFormat format, long index, ByteBuffer pixels) {
        return new VideoFrame(width, height, format, index, pixels, false);
    }

    /** Pixels per row. */
    public int width() {
        return width;
    }

    /** Rows. */
    public int height() {
        return height;
    }

    /** The pixel layout. */
    public PixelFormat format() {
        return format;
    }

    /** The frame's position in its session's video timeline (0, 1, 2, ...), continuous across turns. */
    public long index() {
        return index;
    }

    /** A read-only view of the pixels, positioned at 0, {@link #byteSize()} bytes long. */
    public ByteBuffer pixels() {
        return pixels.duplicate();
    }

    /** The size of the pixel data in bytes. */
    public int byteSize() {
        return pixels.capacity();
    }

    /** The same picture with another timeline index (no pixel copy: both frames share the read-only pixels). */
    public VideoFrame withIndex(long newIndex) {
        return new VideoFrame(width, height, format, newIndex, pixels, false);
    }

    /** Equal when size, layout, index and every pixel are. */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof VideoFrame other && other.width == width && other.height == height
                && other.format == format && other.index == index && other.pixels.equals(pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, format, index, pixels);
    }

    @Override
    public String toString() {
        return "VideoFrame[#" + index + " " + width + "x" + height + " " + format + "]";
    }
}
