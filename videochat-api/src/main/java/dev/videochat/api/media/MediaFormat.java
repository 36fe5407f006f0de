package dev.videochat.api.media;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.video.PixelFormat;

/**
 * The raw media a muxer session is fed.
 *
 * @param width       frame width in pixels
 * @param height      frame height in pixels
 * @param pixelFormat the frames' pixel layout
 * @param fps         frames per second
 * @param sampleRate  audio samples per second (Hz), mono 16-bit
 */
public record MediaFormat(int width, int height, PixelFormat pixelFormat, int fps, int sampleRate) {

    public MediaFormat {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be at least 1x1, got " + width + "x" + height);
        }
        if (pixelFormat == null) {
            throw new IllegalArgumentException("pixelFormat must not be null");
        }
        if (fps < 1 || fps > 120) {
            throw new IllegalArgumentException("fps must be 1..120, got " + fps);
        }
        AudioChunk.checkRate(sampleRate);
    }
}
