package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.ffmpeg.MediaProbe;
import dev.videochat.ffmpeg.VideoFiles;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.face.FaceBox;
import dev.videochat.musetalk.face.FaceDetector;
import dev.videochat.musetalk.face.FaceLandmarker;
import dev.videochat.musetalk.face.FaceParser;
import dev.videochat.musetalk.face.FaceParsingMask;
import dev.videochat.musetalk.face.LandmarkBox;
import dev.videochat.musetalk.image.Images;
import dev.videochat.musetalk.image.Masks;
import dev.videochat.musetalk.image.Resizer;
import dev.videochat.musetalk.runtime.FaceGenerator;
import dev.videochat.musetalk.runtime.VaeEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes a {@link PreparedAvatar} from a video (or a still image) of a face: the frames are taken at the avatar's
 * frame rate, the face is found in each, and for each frame the face region, the blending mask and the UNet input
 * latent are computed once, so that animating costs only the model.
 *
 * <p>Face region. With DWPose ({@link FaceLandmarker}) the box is MuseTalk's own ({@link LandmarkBox}): its
 * vertical middle is nose landmark 29 moved down by {@code bboxShift}, frame by frame without smoothing; the face
 * detector still says whether a frame has a face, and its box stands in where the landmark box is unusable, as in
 * MuseTalk. Without DWPose the box is the face detector's box, whose middle lies at about the same height;
 * {@code bboxShift} moves the middle down by that many pixels (the top by twice as many), and boxes are averaged
 * over five neighbouring frames so that detector jitter does not shake the face. Either way MuseTalk 1.5 extends
 * the bottom by {@code extraMargin} pixels. A fixed box can be given instead of detection.
 *
 * <p>Latent. The face box is scaled to 256 x 256 (Lanczos), and the VAE encodes it twice: with its lower half
 * blacked out (MuseTalk's masked input) and whole (the reference); the latent is the two, masked first.
 *
 * <p>Mask. With BiSeNet ({@link FaceParser}) the mask is MuseTalk's own: the crop box parsed, the {@code jaw}
 * (1.5) or {@code raw} (1.0) classes kept inside the face box below the crop's middle, feathered
 * ({@link FaceParsingMask}). Without it the mask is a feathered lower-face shape inside the face box
 * ({@link Masks#lowerFaceMask}), which reaches background and collar at the jaw corners.
 *
 * <p>{@link #method()} says which box and mask are in use; {@link #prepare} logs it.
 */
public final class AvatarPreparer {

    private static final String PROVIDER = "musetalk";
    private static final int SMOOTHING_RADIUS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(AvatarPreparer.class);
    /** {@link #method()} when both official face models are in use. */
    public static final String OFFICIAL = "face box: DWPose landmarks; mask: BiSeNet face parsing";
    /** {@link #method()} when neither is. */
    public static final String APPROXIMATE = "approximate box and mask: RFB-320 detector (export dwpose and "
            + "face_parsing to use the official ones)";

    /** Receives progress: the step ({@code "frames"}, {@code "faces"}, {@code "latents"}), done and total. */
    @FunctionalInterface
    public interface Progress {
        /** @param total the expected total, or 0 when unknown */
        void update(String step, int done, int total);
    }

    /**
     * How to prepare.
     *
     * @param id          the avatar's name
     * @param fps         the avatar's frame rate (MuseTalk is made for 25)
     * @param maxFrames   the most frames taken from the start of the video (0 = all)
     * @param bboxShift   pixels the middle of the face box moves down (negative: up)
     * @param extraMargin pixels added below the face box (MuseTalk 1.5: 10, 1.0: 0)
     * @param expand      crop box size over the face box size (MuseTalk 1.5: 1.5, 1.0: 1.2)
     * @param faceBox     a fixed face box {@code [x1, y1, x2, y2]} in source pixels instead of detection, or empty
     */
    public record Options(String id, int fps, int maxFrames, int bboxShift, int extraMargin, double expand,
                          Optional<int[]> faceBox) {

        public Options {
            Objects.requireNonNull(id, "id");
            if (id.isBlank() || id.contains("/") || id.contains("\\") || id.startsWith(".")) {
                throw new IllegalArgumentException("avatar name must be a plain folder name, got '" + id + "'");
            }
            if (fps < 1 || fps > 120) {
                throw new IllegalArgumentException("fps must be 1..120, got " + fps);
            }
            if (maxFrames < 0) {
                throw new IllegalArgumentException("maxFrames must be >= 0, got " + maxFrames);
            }
            if (extraMargin < 0) {
                throw new IllegalArgumentException("extraMargin must be >= 0, got " + extraMargin);
            }
            if (!(expand >= 1.0 && expand <= 4.0)) {
                throw new IllegalArgumentException("expand must be 1..4, got " + expand);
            }
            Objects.requireNonNull(faceBox, "faceBox");
            faceBox.ifPresent(b -> {
                if (b.length != 4 || b[2] <= b[0] || b[3] <= b[1]) {
                    throw new IllegalArgumentException("a face box is x1,y1,x2,y2 with x2 > x1 and y2 > y1");
                }
            });
        }

        /** MuseTalk's settings for {@code version}: 25 fps, all frames, no shift, its margin and expansion. */
        public static Options defaults(String id, MuseTalkVersion version) {
            return version == MuseTalkVersion.V1_5
                    ? new Options(id, 25, 0, 0, 10, 1.5, Optional.empty())
                    : new Options(id, 25, 0, 0, 0, 1.2, Optional.empty());
        }

        /** These options with another shift. */
        public Options withBboxShift(int shift) {
            return new Options(id, fps, maxFrames, shift, extraMargin, expand, faceBox);
        }

        /** These options with at most {@code frames} frames. */
        public Options withMaxFrames(int frames) {
            return new Options(id, fps, frames, bboxShift, extraMargin, expand, faceBox);
        }

        /** These options with a fixed face box. */
        public Options withFaceBox(int x1, int y1, int x2, int y2) {
            return new Options(id, fps, maxFrames, bboxShift, extraMargin, expand,
                    Optional.of(new int[] {x1, y1, x2, y2}));
        }
    }

    private final VaeEncoder vae;
    private final FaceDetector detector;
    private final FaceLandmarker landmarker;
    private final FaceParser parser;
    private final MuseTalkVersion version;

    /**
     * A preparer with the approximate box and mask of the face detector.
     *
     * @param vae      the VAE encoder of the models the avatar will run on
     * @param detector finds faces; may be null when every preparation gives a fixed face box
     * @param version  the MuseTalk version of those models
     */
    public AvatarPreparer(VaeEncoder vae, FaceDetector detector, MuseTalkVersion version) {
        this(vae, detector, null, null, version);
    }

    /**
     * A preparer with MuseTalk's own face box and mask where their models are given.
     *
     * @param vae        the VAE encoder of the models the avatar will run on
     * @param detector   finds faces; may be null when every preparation gives a fixed face box
     * @param landmarker DWPose, for MuseTalk's landmark box; null for the detector's box
     * @param parser     BiSeNet, for MuseTalk's parsed mask; null for the drawn mask
     * @param version    the MuseTalk version of those models
     */
    public AvatarPreparer(VaeEncoder vae, FaceDetector detector, FaceLandmarker landmarker, FaceParser parser,
                          MuseTalkVersion version) {
        this.vae = Objects.requireNonNull(vae, "vae");
        this.detector = detector;
        this.landmarker = landmarker;
        this.parser = parser;
        this.version = Objects.requireNonNull(version, "version");
    }

    /**
     * Which face box and mask this preparer uses, for people: {@link #OFFICIAL}, {@link #APPROXIMATE}, or a
     * sentence naming the one official piece in use and the model missing for the other.
     */
    public String method() {
        if (landmarker != null && parser != null) {
            return OFFICIAL + " (" + parsingMode().name().toLowerCase(Locale.ROOT) + ")";
        }
        if (landmarker != null) {
            return "face box: DWPose landmarks; approximate mask (export face_parsing to use the official one)";
        }
        if (parser != null) {
            return "approximate box: RFB-320 detector (export dwpose to use the official one); mask: BiSeNet "
                    + "face parsing (" + parsingMode().name().toLowerCase(Locale.ROOT) + ")";
        }
        return APPROXIMATE;
    }

    private FaceParsingMask.Mode parsingMode() {
        return version == MuseTalkVersion.V1_5 ? FaceParsingMask.Mode.JAW : FaceParsingMask.Mode.RAW;
    }

    /**
     * Prepares an avatar from {@code source}: a video file, or a PNG / JPEG still (one frame).
     *
     * @throws ConfigurationException naming the file when it cannot be read, or has no face
     */
    public PreparedAvatar prepare(Path source, Options options, Progress progress) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        Progress report = progress == null ? (s, d, t) -> { } : progress;
        if (options.faceBox().isEmpty() && detector == null) {
            throw new IllegalStateException("no face detector: give a face box or a detector");
        }
        LOG.info("preparing avatar '{}' from {}: {}", options.id(), source,
                options.faceBox().isPresent() ? "face box given by hand; " + maskMethod() : method());
        Frames decoded = readFrames(source, options, report);
        List<byte[]> frames = decoded.pictures();
        int width = decoded.width();
        int height = decoded.height();
        boolean landmarks = landmarker != null && options.faceBox().isEmpty();
        List<FaceBox> boxes = findFaces(source, frames, width, height, options, report);
        List<FaceRegion> regions = new ArrayList<>(frames.size());
        List<byte[]> masks = new ArrayList<>(frames.size());
        List<float[]> latents = new ArrayList<>(frames.size());
        float[] image = new float[VaeEncoder.IMAGE_FLOATS];
        byte[] face = new byte[FaceGenerator.FRAME_BYTES];
        for (int i = 0; i < frames.size(); i++) {
            // Landmark boxes are MuseTalk's as they are: shifted already, not smoothed.
            FaceRegion region = landmarks ? regionOf(boxes.get(i), width, height, options)
                    : region(boxes, i, width, height, options);
            regions.add(region);
            byte[] crop = Images.crop(frames.get(i), width, height, region.x1(), region.y1(), region.x2(),
                    region.y2());
            Resizer.lanczos4(region.faceWidth(), region.faceHeight(), FaceGenerator.FACE_SIZE,
                    FaceGenerator.FACE_SIZE, 3).resize(crop, face);
            Images.toPlanarRgb(face, true, image);
            float[] masked = vae.encode(image);
            Images.toPlanarRgb(face, false, image);
            float[] reference = vae.encode(image);
            float[] latent = new float[FaceGenerator.LATENT_FLOATS];
            System.arraycopy(masked, 0, latent, 0, masked.length);
            System.arraycopy(reference, 0, latent, masked.length, reference.length);
            latents.add(latent);
            masks.add(mask(frames.get(i), width, height, region));
            report.update("latents", i + 1, frames.size());
        }
        return new PreparedAvatar(options.id(), version, width, height, options.fps(), frames, regions, masks,
                latents);
    }

    private String maskMethod() {
        return parser != null ? "mask: BiSeNet face parsing (" + parsingMode().name().toLowerCase(Locale.ROOT) + ")"
                : "approximate mask (export face_parsing to use the official one)";
    }

    /** The blending mask of one frame's crop box: parsed when BiSeNet is there, drawn otherwise. */
    private byte[] mask(byte[] frame, int width, int height, FaceRegion region) {
        int fx1 = region.x1() - region.cropX1();
        int fy1 = region.y1() - region.cropY1();
        int fx2 = region.x2() - region.cropX1();
        int fy2 = region.y2() - region.cropY1();
        if (parser == null) {
            return Masks.lowerFaceMask(region.cropSize(), fx1, fy1, fx2, fy2);
        }
        int side = region.cropSize();
        byte[] crop = cropZeroFilled(frame, width, height, region.cropX1(), region.cropY1(), side);
        byte[] labels = parser.labels(crop, side, side);
        return FaceParsingMask.cropMask(FaceParsingMask.region(labels, parsingMode(),
                FaceParsingMask.DEFAULT_CHEEK_WIDTH), side, fx1, fy1, fx2, fy2);
    }

    /** The {@code side x side} square at {@code (x0, y0)} of a BGR24 picture, black outside it (as Pillow crops). */
    static byte[] cropZeroFilled(byte[] bgr, int width, int height, int x0, int y0, int side) {
        byte[] out = new byte[side * side * 3];
        int from = Math.max(0, x0);
        int to = Math.min(width, x0 + side);
        if (to <= from) {
            return out;
        }
        for (int y = Math.max(0, y0); y < Math.min(height, y0 + side); y++) {
            System.arraycopy(bgr, (y * width + from) * 3, out, ((y - y0) * side + from - x0) * 3, (to - from) * 3);
        }
        return out;
    }

    /** Decoded BGR24 pictures of one size. */
    private record Frames(List<byte[]> pictures, int width, int height) {
    }

    /** The face region of frame {@code i}: the boxes around it averaged, shifted and extended as configured. */
    private static FaceRegion region(List<FaceBox> boxes, int i, int width, int height, Options options) {
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
    private static FaceRegion regionOf(FaceBox box, int width, int height, Options options) {
        return regionOf((int) box.x1(), (int) box.y1(), (int) box.x2(), (int) box.y2(), width, height,
                options.withBboxShift(0));
    }

    /**
     * The face region for a face box: the middle moved down by {@code bboxShift} (so the top by twice that), the
     * bottom extended by {@code extraMargin}, clipped to the frame, and MuseTalk's crop box around it.
     */
    static FaceRegion regionOf(int x1, int y1, int x2, int y2, int width, int height, Options options) {
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

    private List<FaceBox> findFaces(Path source, List<byte[]> frames, int width, int height, Options options,
                                    Progress report) {
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

    private Frames readFrames(Path source, Options options, Progress report) {
        if (!Files.isRegularFile(source)) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "no such file: " + source);
        }
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return readStill(source, report);
        }
        int expected = 0;
        try {
            for (MediaProbe.Stream s : MediaProbe.streams(source)) {
                if (s.type().equals("video")) {
                    expected = (int) Math.round(s.seconds() * options.fps());
                    break;
                }
            }
        } catch (RuntimeException e) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "cannot read " + source + ": " + e.getMessage(), e);
        }
        if (options.maxFrames() > 0 && (expected == 0 || expected > options.maxFrames())) {
            expected = options.maxFrames();
        }
        FrameSampler sampler = new FrameSampler(options.fps(), options.maxFrames(), expected, report);
        try {
            VideoFiles.decode(source, PixelFormat.BGR24, sampler::accept);
        } catch (FrameSampler.Enough e) {
            // maxFrames reached
        } catch (RuntimeException e) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "cannot read " + source + ": " + e.getMessage(), e);
        }
        sampler.finish();
        if (sampler.frames.isEmpty()) {
            throw new ConfigurationException(Stage.THG, PROVIDER, source + " has no video frames");
        }
        return new Frames(sampler.frames, sampler.width, sampler.height);
    }

    private static Frames readStill(Path source, Progress report) {
        BufferedImage image;
        try {
            image = ImageIO.read(source.toFile());
        } catch (IOException e) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "cannot read " + source + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new ConfigurationException(Stage.THG, PROVIDER, source + " is not an image this JVM can read");
        }
        report.update("frames", 1, 1);
        return new Frames(List.of(AvatarStore.toBgr(image)), image.getWidth(), image.getHeight());
    }

    /** Picks, for each avatar frame time k / fps, the decoded frame nearest to it. */
    private static final class FrameSampler {

        /** Stops decoding once enough frames are taken. */
        static final class Enough extends RuntimeException {
            Enough() {
                super(null, null, false, false);
            }
        }

        private final int fps;
        private final int maxFrames;
        private final int expected;
        private final Progress report;
        private final List<byte[]> frames = new ArrayList<>();
        private byte[] previous;
        private double previousTime;
        private double interval = Double.NaN;
        private int width;
        private int height;

        FrameSampler(int fps, int maxFrames, int expected, Progress report) {
            this.fps = fps;
            this.maxFrames = maxFrames;
            this.expected = expected;
            this.report = report;
        }

        void accept(VideoFrame frame, double seconds) {
            byte[] bgr = new byte[frame.byteSize()];
            frame.pixels().get(bgr);
            if (previous != null) {
                if (seconds > previousTime) {
                    interval = seconds - previousTime;
                }
                // Every avatar frame time nearer to the previous picture than to this one takes the previous.
                takeUntil((previousTime + seconds) / 2, true);
            } else {
                width = frame.width();
                height = frame.height();
            }
            previous = bgr;
            previousTime = seconds;
        }

        void finish() {
            if (previous != null) {
                double last = Double.isNaN(interval) ? 1.0 / fps : interval;
                try {
                    takeUntil(previousTime + last / 2, false);
                } catch (Enough e) {
                    // maxFrames reached
                }
            }
        }

        private void takeUntil(double time, boolean inclusive) {
            while (true) {
                double t = frames.size() / (double) fps;
                if (inclusive ? t > time : t >= time) {
                    return;
                }
                if (maxFrames > 0 && frames.size() >= maxFrames) {
                    throw new Enough();
                }
                frames.add(previous);
                report.update("frames", frames.size(), Math.max(expected, frames.size()));
            }
        }
    }
}
