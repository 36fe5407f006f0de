package dev.videochat.musetalk.face;

import java.util.Objects;
import java.util.Optional;

/**
 * The face box MuseTalk's preparation derives from the 68 face landmarks of DWPose (COCO-WholeBody keypoints 23 to
 * 90, iBUG order), in whole pixels: left and right are the landmarks' extremes, the bottom is the lowest landmark,
 * and the top is as far above the nose-bridge landmark 29 (moved down by {@code bboxShift}) as the bottom is below
 * it. The lower half of the crop therefore starts at landmark 29 plus the shift, which is what {@code bbox_shift}
 * tunes.
 *
 * <p>The arithmetic follows {@code get_landmark_and_bbox} in MuseTalk's {@code musetalk/utils/preprocessing.py}:
 * landmarks truncated to integers ({@code astype(np.int32)}), {@code y1 = int(y29 + shift - (max(y) - y29 - shift))},
 * landmark 29 shifted in place before the lowest point is taken, and the box rejected (the caller falls back to the face detector's box) when it is empty or its left edge is
 * negative. The top is not clipped to the picture here; the caller clips it.
 *
 * @param x1 left edge in pixels (inclusive)
 * @param y1 top edge in pixels, may be negative
 * @param x2 right edge in pixels
 * @param y2 bottom edge in pixels
 */
public record LandmarkBox(int x1, int y1, int x2, int y2) {

    /** The number of face landmarks DWPose gives (iBUG 68). */
    public static final int FACE_LANDMARKS = 68;
    /** The index, among the face landmarks, of the point the crop's middle line goes through. */
    static final int NOSE_BRIDGE = 29;

    /**
     * The box of the face landmarks {@code (xs[i], ys[i])} in picture pixels, or empty when MuseTalk would reject it
     * ({@code y2 - y1 <= 0}, {@code x2 - x1 <= 0} or {@code x1 < 0}).
     *
     * @param xs        68 landmark x coordinates in pixels
     * @param ys        68 landmark y coordinates in pixels
     * @param bboxShift pixels the middle line moves down (negative: up)
     */
    public static Optional<LandmarkBox> of(float[] xs, float[] ys, int bboxShift) {
        Objects.requireNonNull(xs, "xs");
        Objects.requireNonNull(ys, "ys");
        if (xs.length != FACE_LANDMARKS || ys.length != FACE_LANDMARKS) {
            throw new IllegalArgumentException("need " + FACE_LANDMARKS + " face landmarks, got " + xs.length
                    + " x and " + ys.length + " y");
        }
        // astype(np.int32): truncation towards zero.
        int middle = (int) ys[NOSE_BRIDGE] + bboxShift;
        int minX = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int i = 0; i < FACE_LANDMARKS; i++) {
            int x = (int) xs[i];
            // MuseTalk shifts landmark 29 in place, so the lowest point is taken after the shift.
            int y = i == NOSE_BRIDGE ? middle : (int) ys[i];
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        int top = middle - (maxY - middle);
        if (maxY - top <= 0 || maxX - minX <= 0 || minX < 0) {
            return Optional.empty();
        }
        return Optional.of(new LandmarkBox(minX, top, maxX, maxY));
    }

    /**
     * The {@code bbox_shift} range MuseTalk suggests for these landmarks: from minus the distance of landmark 30
     * below landmark 29 to plus the distance of landmark 29 below landmark 28, in pixels.
     *
     * @return {@code {lowest, highest}}
     */
    public static int[] suggestedShiftRange(float[] ys) {
        Objects.requireNonNull(ys, "ys");
        if (ys.length != FACE_LANDMARKS) {
            throw new IllegalArgumentException("need " + FACE_LANDMARKS + " face landmarks, got " + ys.length);
        }
        int y28 = (int) ys[28];
        int y29 = (int) ys[29];
        int y30 = (int) ys[30];
        return new int[] {-(y30 - y29), y29 - y28};
    }
}
