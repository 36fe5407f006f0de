package dev.videochat.musetalk.image;

import java.util.Objects;

/**
 * Pixel operations on packed BGR24 pictures (rows top to bottom, 3 bytes a pixel): cutting a face out, turning it
 * into the VAE's input, and blending a generated face back through a mask.
 */
public final class Images {

    private Images() {
    }

    /**
     * Copies the box {@code [x1, x2) x [y1, y2)} of a {@code width x height} BGR24 picture into a new array.
     *
     * @throws IllegalArgumentException when the box is empty or leaves the picture
     */
    public static byte[] crop(byte[] bgr, int width, int height, int x1, int y1, int x2, int y2) {
        Objects.requireNonNull(bgr, "bgr");
        checkPicture(bgr, width, height);
        if (x1 < 0 || y1 < 0 || x2 > width || y2 > height || x2 <= x1 || y2 <= y1) {
            throw new IllegalArgumentException("crop box (" + x1 + "," + y1 + ")-(" + x2 + "," + y2
                    + ") is empty or leaves the " + width + "x" + height + " picture");
        }
        int w = x2 - x1;
        byte[] out = new byte[w * (y2 - y1) * 3];
        for (int y = y1; y < y2; y++) {
            System.arraycopy(bgr, (y * width + x1) * 3, out, (y - y1) * w * 3, w * 3);
        }
        return out;
    }

    /**
     * Writes a square BGR24 face as RGB planes in [-1, 1] ({@code (x / 255 - 0.5) / 0.5}), the VAE encoder's input.
     * With {@code maskLowerHalf} the lower half of the rows is written as -1 (black), which is MuseTalk's masked
     * input: the half of the face the model redraws.
     *
     * @param face a square BGR24 face of {@code side x side} pixels
     * @param out  {@code 3 * side * side} floats: the R plane, then G, then B
     */
    public static void toPlanarRgb(byte[] face, boolean maskLowerHalf, float[] out) {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(out, "out");
        int pixels = face.length / 3;
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side * side * 3 != face.length) {
            throw new IllegalArgumentException("a face must be a square BGR24 image, got " + face.length + " bytes");
        }
        if (out.length != 3 * pixels) {
            throw new IllegalArgumentException("output must hold " + 3 * pixels + " floats, got " + out.length);
        }
        int maskedFrom = maskLowerHalf ? side / 2 * side : pixels;
        for (int p = 0; p < pixels; p++) {
            if (p >= maskedFrom) {
                out[p] = -1f;
                out[pixels + p] = -1f;
                out[2 * pixels + p] = -1f;
            } else {
                out[p] = (face[p * 3 + 2] & 0xff) / 127.5f - 1f;
                out[pixels + p] = (face[p * 3 + 1] & 0xff) / 127.5f - 1f;
                out[2 * pixels + p] = (face[p * 3] & 0xff) / 127.5f - 1f;
            }
        }
    }

    /**
     * Blends a face into a picture in place, as MuseTalk does: the face (already scaled to the face box) is pasted
     * into the crop box's copy of the picture, and that copy goes back through the mask, {@code out = (face * m +
     * picture * (255 - m)) / 255}. Outside the face box the copy equals the picture, so only face-box pixels with a
     * non-zero mask change. Parts of the crop box outside the picture are never written.
     *
     * @param picture the {@code width x height} BGR24 picture, changed in place
     * @param face    BGR24, {@code (x2 - x1) x (y2 - y1)} pixels
     * @param mask    one byte a pixel over the crop box {@code [cx1, cx2) x [cy1, cy2)}, 0 (picture) to 255 (face)
     */
    public static void blend(byte[] picture, int width, int height, byte[] face, int x1, int y1, int x2, int y2,
                             byte[] mask, int cx1, int cy1, int cx2, int cy2) {
        Objects.requireNonNull(picture, "picture");
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(mask, "mask");
        checkPicture(picture, width, height);
        int faceWidth = x2 - x1;
        int faceHeight = y2 - y1;
        int cropWidth = cx2 - cx1;
        if (faceWidth < 1 || faceHeight < 1 || face.length < faceWidth * faceHeight * 3) {
            throw new IllegalArgumentException("the face must hold " + faceWidth + "x" + faceHeight
                    + " BGR24 pixels, got " + face.length + " bytes");
        }
        if (cx1 > x1 || cy1 > y1 || cx2 < x2 || cy2 < y2 || mask.length < cropWidth * (cy2 - cy1)) {
            throw new IllegalArgumentException("the mask must cover the crop box (" + cx1 + "," + cy1 + ")-(" + cx2
                    + "," + cy2 + "), which must contain the face box (" + x1 + "," + y1 + ")-(" + x2 + "," + y2 + ")");
        }
        int fromX = Math.max(0, x1);
        int toX = Math.min(width, x2);
        int fromY = Math.max(0, y1);
        int toY = Math.min(height, y2);
        for (int y = fromY; y < toY; y++) {
            int maskRow = (y - cy1) * cropWidth - cx1;
            int faceRow = (y - y1) * faceWidth - x1;
            for (int x = fromX; x < toX; x++) {
                int m = mask[maskRow + x] & 0xff;
                if (m == 0) {
                    continue;
                }
                int p = (y * width + x) * 3;
                int f = (faceRow + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int under = picture[p + c] & 0xff;
                    int over = face[f + c] & 0xff;
                    picture[p + c] = (byte) ((over * m + under * (255 - m) + 127) / 255);
                }
            }
        }
    }

    private static void checkPicture(byte[] bgr, int width, int height) {
        if (width < 1 || height < 1 || bgr.length < width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR24 picture needs "
                    + (long) width * height * 3 + " bytes, got " + bgr.length);
        }
    }
}
