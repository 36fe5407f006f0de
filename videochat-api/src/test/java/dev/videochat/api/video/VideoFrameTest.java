package dev.videochat.api.video;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoFrameTest {

    @Test
    void aFrameMadeWithOfOrTheConstructorKeepsItsPixelsWhenTheSourceChanges() {
        byte[] source = new byte[2 * 2 * 3];
        VideoFrame fromArray = VideoFrame.of(2, 2, PixelFormat.RGB24, 0, source);
        VideoFrame fromBuffer = new VideoFrame(2, 2, PixelFormat.RGB24, 0, ByteBuffer.wrap(source));

        source[0] = 7;

        assertEquals(0, fromArray.pixels().get(0));
        assertEquals(0, fromBuffer.pixels().get(0));
    }

    @Test
    void aWrappedFrameTakesTheBufferOverWithoutACopy() {
        byte[] source = new byte[2 * 2 * 3];
        VideoFrame frame = VideoFrame.wrap(2, 2, PixelFormat.RGB24, 0, source);

        source[0] = 7; // what a producer must not do: it shows that no copy was made

        assertEquals(7, frame.pixels().get(0));
    }

    @Test
    void readersGetAReadOnlyViewFromTheStart() {
        ByteBuffer pixels = ByteBuffer.allocate(3).position(2);
        VideoFrame frame = new VideoFrame(1, 1, PixelFormat.BGR24, 5, pixels);

        ByteBuffer view = frame.pixels();
        assertTrue(view.isReadOnly());
        assertEquals(0, view.position());
        assertEquals(3, view.remaining());
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 1));
        assertEquals(2, pixels.position(), "the source buffer's position is left as it was");
    }

    @Test
    void framesWithTheSamePixelsAndIndexAreEqual() {
        VideoFrame a = VideoFrame.of(1, 1, PixelFormat.RGB24, 3, new byte[] {1, 2, 3});
        VideoFrame b = VideoFrame.wrap(1, 1, PixelFormat.RGB24, 3, new byte[] {1, 2, 3});

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.withIndex(4), b.withIndex(4));
    }

    @Test
    void aBufferOfTheWrongSizeIsRefusedSayingWhatWasNeeded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoFrame.of(2, 2, PixelFormat.RGB24, 0, new byte[5]));
        assertEquals("a 2x2 RGB24 frame needs 12 bytes, got 5", e.getMessage());
    }
}
