package dev.videochat.api.thg;

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
}
