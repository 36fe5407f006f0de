package dev.videochat.api.video;

/** The packed pixel layouts frames travel in. */
public enum PixelFormat {
    /** 8-bit red, green, blue; 3 bytes per pixel (Java2D's and the browser's order). */
    RGB24,
    /** 8-bit blue, green, red; 3 bytes per pixel (OpenCV's order, used by the reference models). */
    BGR24;

    /** Bytes per pixel. */
    public int bytesPerPixel() {
        return 3;
    }
}
