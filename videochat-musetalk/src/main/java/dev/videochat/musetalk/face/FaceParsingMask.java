package dev.videochat.musetalk.face;

import dev.videochat.musetalk.image.GaussianBlur;
import dev.videochat.musetalk.image.PilResize;

import java.util.Objects;

/**
 * MuseTalk's blending mask from a BiSeNet face-parsing label map (19 CelebAMask-HQ classes on 512 x 512 pixels):
 * the class rules of {@code musetalk/utils/face_parsing/__init__.py} turn labels into a 0 / 255 region, and
 * {@code get_image_prepare_material} in {@code musetalk/utils/blending.py} turns that into the crop box's mask.
 *
 * <p>Labels used: 1 skin, 10 nose, 11 mouth, 12 upper lip, 13 lower lip, 14 neck.
 */
public final class FaceParsingMask {

    /** The side of BiSeNet's label map in pixels. */
    public static final int SIZE = 512;
    /** The cheek width MuseTalk's scripts pass for the {@code jaw} rule, in label-map pixels. */
    public static final int DEFAULT_CHEEK_WIDTH = 90;

    private static final int SKIN = 1;
    private static final int NOSE = 10;
    private static final int NECK = 14;
    private static final byte ON = (byte) 255;

    /** Which labels make the region. */
    public enum Mode {
        /**
         * MuseTalk 1.5 ({@code jaw}): skin dilated with a cone-shaped element (as OpenCV applies it: reaching 16
         * pixels up, 21 wide, and 6 pixels down, 1 wide), eroded again outside the central column of cheek width
         * either side of the middle, less the nose, plus mouth and lips.
         */
        JAW,
        /** MuseTalk 1.0 in current MuseTalk ({@code raw}): skin, mouth and lips. */
        RAW,
        /** {@code neck}: skin, mouth, lips and neck. */
        NECK
    }

    private FaceParsingMask() {
    }

    /**
     * The 0 / 255 region of a label map under {@code mode}.
     *
     * @param labels     {@code 512 * 512} class indices, row by row
     * @param cheekWidth for {@link Mode#JAW}: half the width, in pixels, of the central column left un-eroded
     */
    public static byte[] region(byte[] labels, Mode mode, int cheekWidth) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(mode, "mode");
        if (labels.length != SIZE * SIZE) {
            throw new IllegalArgumentException("a label map has " + SIZE * SIZE + " pixels, got " + labels.length);
        }
        byte[] out = new byte[labels.length];
        if (mode != Mode.JAW) {
            for (int i = 0; i < labels.length; i++) {
                int l = labels[i];
                boolean in = l == SKIN || isMouth(l) || (mode == Mode.NECK && l == NECK);
                out[i] = in ? ON : 0;
            }
            return out;
        }
        if (cheekWidth < 0 || cheekWidth > SIZE / 2) {
            throw new IllegalArgumentException("cheek width must be 0.." + SIZE / 2 + ", got " + cheekWidth);
        }
        byte[] skin = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            skin[i] = labels[i] == SKIN ? ON : 0;
        }
        byte[] dilated = dilate(skin, SIZE, SIZE, jawKernel(), 33, 33);
        byte[] eroded = erode(erode(dilated, SIZE, SIZE, cheekKernel(), 35, 3), SIZE, SIZE, cheekKernel(), 35, 3);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int i = y * SIZE + x;
                boolean cheek = inCheek(x, cheekWidth);
                boolean face = cheek ? eroded[i] != 0 : dilated[i] != 0;
                int l = labels[i];
                out[i] = (face && l != NOSE) || isMouth(l) ? ON : 0;
            }
        }
        return out;
    }

    private static boolean isMouth(int label) {
        return label == 11 || label == 12 || label == 13;
    }

    /**
     * Whether column {@code x} is in MuseTalk's cheek area: the filled rectangles {@code cv2.rectangle} draws from
     * column 0 to {@code 256 - width} and from {@code 256 + width} to 511, both ends included.
     */
    static boolean inCheek(int x, int cheekWidth) {
        return x <= SIZE / 2 - cheekWidth || x >= SIZE / 2 + cheekWidth;
    }

    /**
     * The 33 x 33 "cone and stem" structuring element of the {@code jaw} rule: rows 10 to 20 centred runs of width
     * 1, 3, ..., 21; rows 21 to 32 runs of width 21; anchor at the centre (16, 16).
     */
    static boolean[] jawKernel() {
        int size = 33;
        int centre = size / 2;
        boolean[] k = new boolean[size * size];
        for (int row = 10; row < size; row++) {
            int width = row <= 20 ? 2 * (row - 10) + 1 : 21;
            for (int x = centre - width / 2; x <= centre + width / 2; x++) {
                k[row * size + x] = true;
            }
        }
        return k;
    }

    /**
     * {@code cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (35, 3))}: the middle row full, the top and bottom rows
     * only the centre pixel; anchor (17, 1).
     */
    static boolean[] cheekKernel() {
        int cols = 35;
        int rows = 3;
        boolean[] k = new boolean[cols * rows];
        int r = rows / 2;
        int c = cols / 2;
        for (int i = 0; i < rows; i++) {
            int dy = i - r;
            int dx = (int) Math.round(c * Math.sqrt((double) (r * r - dy * dy) / (r * r)));
            for (int j = Math.max(c - dx, 0); j < Math.min(c + dx + 1, cols); j++) {
                k[i * cols + j] = true;
            }
        }
        return k;
    }

    /**
     * {@code cv2.dilate}: each pixel the maximum of the pixels under the kernel's set elements, the kernel placed
     * with its centre on the pixel (not reflected); pixels outside the image do not count.
     */
    static byte[] dilate(byte[] image, int width, int height, boolean[] kernel, int kw, int kh) {
        return morph(image, width, height, kernel, kw, kh, true);
    }

    /** {@code cv2.erode}: the minimum instead; pixels outside the image do not count. */
    static byte[] erode(byte[] image, int width, int height, boolean[] kernel, int kw, int kh) {
        return morph(image, width, height, kernel, kw, kh, false);
    }

    private static byte[] morph(byte[] image, int width, int height, boolean[] kernel, int kw, int kh,
                                boolean max) {
        int ax = kw / 2;
        int ay = kh / 2;
        byte[] out = new byte[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int best = max ? 0 : 255;
                for (int ky = 0; ky < kh; ky++) {
                    int sy = y + ky - ay;
                    if (sy < 0 || sy >= height) {
                        continue;
                    }
                    for (int kx = 0; kx < kw; kx++) {
                        int sx = x + kx - ax;
                        if (!kernel[ky * kw + kx] || sx < 0 || sx >= width) {
                            continue;
                        }
                        int v = image[sy * width + sx] & 0xff;
                        best = max ? Math.max(best, v) : Math.min(best, v);
                    }
                }
                out[y * width + x] = (byte) best;
            }
        }
        return out;
    }

    /**
     * The blending mask of a crop box of {@code side x side} pixels from the 512 x 512 region of its parsing: the
     * region scaled to the crop (Pillow bicubic), kept only inside the face box {@code [fx1, fx2) x [fy1, fy2)}
     * (crop coordinates), rows above {@code int(side * 0.5)} zeroed, then blurred with a Gaussian of
     * {@code int(0.1 * side // 2 * 2) + 1} pixels.
     *
     * @return {@code side * side} bytes, row by row
     */
    public static byte[] cropMask(byte[] region, int side, int fx1, int fy1, int fx2, int fy2) {
        Objects.requireNonNull(region, "region");
        if (side < 2) {
            throw new IllegalArgumentException("crop box side must be >= 2, got " + side);
        }
        if (fx1 < 0 || fy1 < 0 || fx2 > side || fy2 > side || fx2 <= fx1 || fy2 <= fy1) {
            throw new IllegalArgumentException("face box (" + fx1 + "," + fy1 + ")-(" + fx2 + "," + fy2
                    + ") must lie inside the " + side + "x" + side + " crop box");
        }
        byte[] scaled = PilResize.resize(region, SIZE, SIZE, 1, side, side, PilResize.Filter.BICUBIC);
        byte[] kept = new byte[side * side];
        int top = Math.max(fy1, (int) (side * 0.5));
        for (int y = top; y < fy2; y++) {
            System.arraycopy(scaled, y * side + fx1, kept, y * side + fx1, fx2 - fx1);
        }
        return GaussianBlur.blur(kept, side, side, blurSize(side));
    }

    /** MuseTalk's real-time feather: {@code int(0.1 * side // 2 * 2) + 1} pixels. */
    static int blurSize(int side) {
        return (int) Math.floor(0.1 * side / 2) * 2 + 1;
    }
}
