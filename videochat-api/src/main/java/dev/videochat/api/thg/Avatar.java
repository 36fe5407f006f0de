package dev.videochat.api.thg;

import dev.videochat.api.video.PixelFormat;

/**
 * A loaded (prepared) avatar: what a talking-head engine needs to animate one character. Heavy to make, cheap
 * to share: many sessions may animate the same avatar at once.
 */
public interface Avatar {

    /** The avatar's name. */
    String id();

    /** Frame width in pixels. */
    int width();

    /** Frame height in pixels. */
    int height();

    /** Frames per second of the video the avatar produces. */
    int fps();

    /**
     * The pixel layout of the frames this avatar's animator produces; the session opens its video stream in it, so
     * frames need no conversion before encoding. {@link PixelFormat#RGB24} unless the engine says otherwise.
     */
    default PixelFormat pixelFormat() {
        return PixelFormat.RGB24;
    }
}
