package dev.videochat.examples.web;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.video.VideoFrame;

/**
 * Writes each frame's position on the session's video timeline (0, 1, 2, ... in the order the session writes
 * them, as the muxer counts them: {@link VideoFrame#index()} is the animator's own numbering and is not that)
 * into its picture, so that a page receiving the video over WebRTC (where a
 * rendered frame carries no media time of the session's timeline) can tell which frame it shows: 16 black or white
 * blocks along the bottom-left edge, bit 0 first, each block 1/32 of the width and of the height (16×16 pixels at
 * 512×512). Sized by the frame so that it survives the encoder scaling the video down. The page reads it back
 * ({@code web/rtc.js}); for tests and measurements only ({@code WebDemo.Builder.stampFrames}), since it marks the
 * picture.
 */
final class FrameIndexStamp implements RawMediaSink {

    /** Bits stamped: the index modulo 65,536 (43 minutes at 25 fps). */
    static final int BITS = 16;
    /** Blocks per frame width (and height): a block is this fraction of the frame. */
    static final int BLOCKS_ACROSS = 32;

    private final RawMediaSink next;
    /** Frames written so far; only the muxer's thread calls {@link #onVideo}. */
    private long written;

    FrameIndexStamp(RawMediaSink next) {
        this.next = next;
    }

    @Override
    public void onAudio(AudioChunk chunk) {
        next.onAudio(chunk);
    }

    @Override
    public void onVideo(VideoFrame frame) {
        next.onVideo(stamped(frame, written++));
    }

    /** A copy of {@code frame} with {@code position} stamped in (the frame's own buffer is read-only). */
    static VideoFrame stamped(VideoFrame frame, long position) {
        int w = frame.width();
        int h = frame.height();
        int bpp = frame.format().bytesPerPixel();
        int blockW = Math.max(1, w / BLOCKS_ACROSS);
        int blockH = Math.max(1, h / BLOCKS_ACROSS);
        byte[] pixels = new byte[frame.byteSize()];
        frame.pixels().get(pixels);
        for (int bit = 0; bit < BITS && (bit + 1) * blockW <= w; bit++) {
            byte value = ((position >> bit) & 1) == 1 ? (byte) 255 : 0;
            for (int y = h - blockH; y < h; y++) {
                int from = (y * w + bit * blockW) * bpp;
                java.util.Arrays.fill(pixels, from, from + blockW * bpp, value);
            }
        }
        return VideoFrame.wrap(w, h, frame.format(), position, pixels);
    }
}
