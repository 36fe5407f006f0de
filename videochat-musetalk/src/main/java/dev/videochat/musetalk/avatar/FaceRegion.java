package dev.videochat.musetalk.avatar;

/**
 * Where the generated face goes in one avatar frame. The face box ({@code x1..x2, y1..y2}, exclusive ends) is the
 * region that is cut out, scaled to 256 x 256 for the VAE and replaced by the model's face; the crop box is the
 * square around it through which the face is blended back. The crop box may extend outside the frame: what lies
 * outside counts as black and is never written.
 */
public record FaceRegion(int x1, int y1, int x2, int y2, int cropX1, int cropY1, int cropX2, int cropY2) {

    public FaceRegion {
        if (x2 <= x1 || y2 <= y1) {
            throw new IllegalArgumentException("empty face box " + box(x1, y1, x2, y2));
        }
        if (cropX1 > x1 || cropY1 > y1 || cropX2 < x2 || cropY2 < y2) {
            throw new IllegalArgumentException("crop box " + box(cropX1, cropY1, cropX2, cropY2)
                    + " does not contain the face box " + box(x1, y1, x2, y2));
        }
    }

    /**
     * The region of a face box with MuseTalk's square crop box: centred on the face box, half side
     * {@code int((max(w, h) / 2) * expand)} (integer division first).
     *
     * @param expand 1.5 for MuseTalk 1.5, 1.2 for the original 1.0 blending
     */
    public static FaceRegion around(int x1, int y1, int x2, int y2, double expand) {
        if (!(expand >= 1.0)) {
            throw new IllegalArgumentException("crop expansion must be >= 1, got " + expand);
        }
        int xc = Math.floorDiv(x1 + x2, 2);
        int yc = Math.floorDiv(y1 + y2, 2);
        int half = (int) (Math.max(x2 - x1, y2 - y1) / 2 * expand);
        // The face box must lie inside the crop box even where the centre rounding loses a pixel.
        int cx1 = Math.min(xc - half, x1);
        int cy1 = Math.min(yc - half, y1);
        int side = Math.max(Math.max(2 * half, x2 - cx1), y2 - cy1);
        return new FaceRegion(x1, y1, x2, y2, cx1, cy1, cx1 + side, cy1 + side);
    }

    /** Width of the face box. */
    public int faceWidth() {
        return x2 - x1;
    }

    /** Height of the face box. */
    public int faceHeight() {
        return y2 - y1;
    }

    /** Side of the square crop box. */
    public int cropSize() {
        return cropX2 - cropX1;
    }

    /** Whether the crop box is square. */
    boolean square() {
        return cropX2 - cropX1 == cropY2 - cropY1;
    }

    @Override
    public String toString() {
        return "face " + box(x1, y1, x2, y2) + " in crop " + box(cropX1, cropY1, cropX2, cropY2);
    }

    private static String box(int x1, int y1, int x2, int y2) {
        return "(" + x1 + "," + y1 + ")-(" + x2 + "," + y2 + ")";
    }
}
