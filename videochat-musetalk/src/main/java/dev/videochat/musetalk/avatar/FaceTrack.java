package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.musetalk.face.FaceBox;
import dev.videochat.musetalk.face.FaceDetector;
import dev.videochat.musetalk.face.FaceLandmarker;
import dev.videochat.musetalk.face.LandmarkBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the face is in each frame of an avatar's source: the boxes (the detector's, MuseTalk's landmark box with
 * DWPose, or one given by hand) and the face region each becomes. See {@link AvatarPreparer} for the rules.
 */
final class FaceTrack {

    /** Logged under the preparer's name: this is one step of its work. */
    private static final Logger LOG = LoggerFactory.getLogger(AvatarPreparer.class);
    private static final String PROVIDER = "musetalk";
    /** Detector boxes are averaged over this many frames on each side. */
    private static final int SMOOTHING_RADIUS = 2;

    private FaceTrack() {
    }

    /**
     * The face box of each frame: the box given by hand, else the detector's (MuseTalk's landmark box where DWPose
     * is given and usable); a frame without a face takes the nearest face found before it (the first face for the
     * frames before that).
     *
     * @param landmarker DWPose, or null for the detector's boxes
     * @throws ConfigurationException when a hand-given box leaves the frames, or no frame has a face
     */
    static List<FaceBox> boxes(FaceDetector detector, FaceLandmarker landmarker, Path source, List<byte[]> frames,
                               int width, int height, AvatarPreparer.Options options,
                               AvatarPreparer.Progress report) {
        List<FaceBox> boxes = new ArrayList<>(frames.size());
        if (options.faceBox().isPresent()) {
            int[] b = options.faceBox().get();
            if (b[0] < 0 || b[1] < 0 || b[2] > width || b[3] > height) {
                throw new ConfigurationException(Stage.THG, PROVIDER, "the face box " + b[0] + "," + b[1] + ","
                        + b[2] + "," + b[3] + " leaves the " + width + "x" + height + " frames of " + source);
            }
            for (int i = 0; i < frames.size(); i++) {
                boxes.add(new FaceBox(b[0], b[1], b[2], b[3], 1f));
            }
            report.update("faces", frames.size(), frames.size());
            return boxes;
        }
        FaceBox last = null;
        int missing = 0;
        int rejected = 0;
        long shiftLow = 0;
        long shiftHigh = 0;
        int measured = 0;
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame frame = VideoFrame.wrap(width, height, PixelFormat.BGR24, i, frames.get(i));
            Optional<FaceBox> found = detector.detect(frame);
            if (found.isPresent() && landmarker != null) {
                FaceLandmarker.Landmarks points = landmarker.landmarks(frames.get(i), width, height);
                int[] range = LandmarkBox.suggestedShiftRange(points.ys());
                shiftLow += range[0];
                shiftHigh += range[1];
                measured++;
                Optional<LandmarkBox> box = LandmarkBox.of(points.xs(), points.ys(), options.bboxShift());
                if (box.isPresent()) {
                    LandmarkBox b = box.get();
                    found = Optional.of(new FaceBox(b.x1(), b.y1(), b.x2(), b.y2(), found.get().score()));
                } else {
                    // MuseTalk uses the detector's box, unshifted, where the landmark box is unusable.
                    rejected++;
                }
            }
            if (found.isPresent()) {
                last = found.get();
                // Frames before the first face take the first face found.
                for (int j = 0; j < boxes.size(); j++) {
                    if (boxes.get(j) == null) {
                        boxes.set(j, last);
                    }
                }
            } else {
                missing++;
            }
            boxes.add(last);
            report.update("faces", i + 1, frames.size());
        }
        if (last == null) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "no face found in " + source + " ("
                    + frames.size() + " frames); use a video where one face looks at the camera, or give the "
                    + "face box by hand");
        }
        if (measured > 0) {
            LOG.info("bbox_shift range suggested by the landmarks of {}: [{}, {}], in use: {}", source,
                    (int) (shiftLow / measured), (int) (shiftHigh / measured), options.bboxShift());
        }
        if (rejected > 0) {
            LOG.warn("the landmark box of {} of {} frames of {} was unusable: those frames use the detector's box",
                    rejected, frames.size(), source);
        }
        if (missing > 0) {
            LOG.warn(
                    "no face in {} of {} frames of {}: those frames use the nearest face found before them",
                    missing, frames.size(), source);
        }
        return boxes;
    }

    /** The face region of frame {@code i}: the boxes around it averaged, shifted and extended as configured. */
    static FaceRegion smoothed(List<FaceBox> boxes, int i, int width, int height, AvatarPreparer.Options options) {
        int from = Math.max(0, i - SMOOTHING_RADIUS);
        int to = Math.min(boxes.size() - 1, i + SMOOTHING_RADIUS);
        double x1 = 0;
        double y1 = 0;
        double x2 = 0;
        double y2 = 0;
        for (int j = from; j <= to; j++) {
            FaceBox b = boxes.get(j);
            x1 += b.x1();
            y1 += b.y1();
            x2 += b.x2();
            y2 += b.y2();
        }
        int n = to - from + 1;
        return regionOf((int) Math.round(x1 / n), (int) Math.round(y1 / n), (int) Math.round(x2 / n),
                (int) Math.round(y2 / n), width, height, options);
    }

    /** The region of a landmark box: MuseTalk's box as it is, extended by the margin and clipped to the frame. */
    static FaceRegion regionOf(FaceBox box, int width, int height, AvatarPreparer.Options options) {
        return regionOf((int) box.x1(), (int) box.y1(), (int) box.x2(), (int) box.y2(), width, height,
                options.withBboxShift(0));
    }

    /**
     * The face region for a face box: the middle moved down by {@code bboxShift} (so the top by twice that), the
     * bottom extended by {@code extraMargin}, clipped to the frame, and MuseTalk's crop box around it.
     */
    static FaceRegion regionOf(int x1, int y1, int x2, int y2, int width, int height,
                               AvatarPreparer.Options options) {
        int top = Math.max(0, y1 + 2 * options.bboxShift());
        int bottom = Math.min(height, y2 + options.extraMargin());
        int left = Math.max(0, x1);
        int right = Math.min(width, x2);
        if (right - left < 8 || bottom - top < 8) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "the face box (" + x1 + "," + y1 + ")-(" + x2
                    + "," + y2 + ") with bbox shift " + options.bboxShift() + " leaves less than 8 x 8 pixels of a "
                    + width + "x" + height + " frame");
        }
        return FaceRegion.around(left, top, right, bottom, options.expand());
    }
}
