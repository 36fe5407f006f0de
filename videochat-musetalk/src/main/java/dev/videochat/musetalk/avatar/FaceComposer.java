package dev.videochat.musetalk.avatar;

import dev.videochat.musetalk.image.Images;
import dev.videochat.musetalk.image.Resizer;
import dev.videochat.musetalk.runtime.FaceGenerator;

/**
 * Puts a generated face into an avatar frame: the 256 x 256 face is scaled to the frame's face box (bilinear, as
 * MuseTalk does) and blended through the frame's mask over its crop box. A face that is all black or that the
 * model failed on is not blended: the frame is shown as it is rather than with a hole. One per animator (it keeps
 * scratch buffers).
 */
final class FaceComposer {

    private final PreparedAvatar avatar;
    private Resizer resizer;
    private int resizerWidth;
    private int resizerHeight;
    private byte[] scaled = new byte[0];

    FaceComposer(PreparedAvatar avatar) {
        this.avatar = avatar;
    }

    /** A new BGR24 frame: avatar frame {@code index} with {@code face} (256 x 256 BGR) blended in. */
    byte[] compose(int index, byte[] face) {
        byte[] picture = avatar.frame(index).clone();
        if (blank(face)) {
            return picture;
        }
        FaceRegion region = avatar.region(index);
        int w = region.faceWidth();
        int h = region.faceHeight();
        if (resizer == null || resizerWidth != w || resizerHeight != h) {
            resizer = Resizer.linear(FaceGenerator.FACE_SIZE, FaceGenerator.FACE_SIZE, w, h, 3);
            resizerWidth = w;
            resizerHeight = h;
        }
        if (scaled.length < w * h * 3) {
            scaled = new byte[w * h * 3];
        }
        resizer.resize(face, scaled);
        Images.blend(picture, avatar.width(), avatar.height(), scaled, region.x1(), region.y1(), region.x2(),
                region.y2(), avatar.mask(index), region.cropX1(), region.cropY1(), region.cropX2(), region.cropY2());
        return picture;
    }

    /** Whether the generated face is all zeros (MuseTalk's sign of a failed fp16 run). */
    static boolean blank(byte[] face) {
        for (byte b : face) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
