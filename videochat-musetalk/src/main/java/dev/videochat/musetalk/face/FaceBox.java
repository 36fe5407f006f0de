package dev.videochat.musetalk.face;

/**
 * A face found in a picture: the box {@code [x1, x2) x [y1, y2)} in the picture's pixels and the detector's
 * confidence in [0, 1].
 */
public record FaceBox(float x1, float y1, float x2, float y2, float score) {

    public FaceBox {
        if (!(x2 > x1) || !(y2 > y1)) {
            throw new IllegalArgumentException("empty face box (" + x1 + "," + y1 + ")-(" + x2 + "," + y2 + ")");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score);
        }
    }

    /** Width in pixels. */
    public float width() {
        return x2 - x1;
    }

    /** Height in pixels. */
    public float height() {
        return y2 - y1;
    }

    /** Intersection over union with {@code other}, in [0, 1]. */
    public float iou(FaceBox other) {
        float w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        float inter = w * h;
        return inter / (width() * height() + other.width() * other.height() - inter);
    }
}
