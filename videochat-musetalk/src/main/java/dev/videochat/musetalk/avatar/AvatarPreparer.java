package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
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
        AvatarSource.Frames decoded = AvatarSource.read(source, options.fps(), options.maxFrames(), report);
        List<byte[]> frames = decoded.pictures();
        int width = decoded.width();
        int height = decoded.height();
        boolean landmarks = landmarker != null && options.faceBox().isEmpty();
        List<FaceBox> boxes = FaceTrack.boxes(detector, landmarks ? landmarker : null, source, frames, width, height,
                options, report);
        List<FaceRegion> regions = new ArrayList<>(frames.size());
        List<byte[]> masks = new ArrayList<>(frames.size());
        List<float[]> latents = new ArrayList<>(frames.size());
        float[] image = new float[VaeEncoder.IMAGE_FLOATS];
        byte[] face = new byte[FaceGenerator.FRAME_BYTES];
        for (int i = 0; i < frames.size(); i++) {
            // Landmark boxes are MuseTalk's as they are: shifted already, not smoothed.
            FaceRegion region = landmarks ? FaceTrack.regionOf(boxes.get(i), width, height, options)
                    : FaceTrack.smoothed(boxes, i, width, height, options);
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

    /**
     * The face region for a face box: the middle moved down by {@code bboxShift}, the bottom extended by
     * {@code extraMargin}, clipped to the frame, and MuseTalk's crop box around it ({@link FaceTrack#regionOf}).
     */
    static FaceRegion regionOf(int x1, int y1, int x2, int y2, int width, int height, Options options) {
        return FaceTrack.regionOf(x1, y1, x2, y2, width, height, options);
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

}
