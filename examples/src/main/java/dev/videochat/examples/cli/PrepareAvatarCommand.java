package dev.videochat.examples.cli;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.MuseTalkProvider;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.avatar.AvatarPreparer;
import dev.videochat.musetalk.avatar.AvatarStore;
import dev.videochat.musetalk.avatar.PreparedAvatar;
import dev.videochat.musetalk.face.FaceDetector;
import dev.videochat.musetalk.face.FaceLandmarker;
import dev.videochat.musetalk.face.FaceParser;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.ModelManifest;
import dev.videochat.musetalk.runtime.ModelRole;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.runtime.VaeEncoder;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code videochat prepare-avatar <video>}: turns a video (or a still) of a face into a MuseTalk avatar folder,
 * with a progress bar. The model folder, the avatars' folder, the face detector and the device default to the
 * {@code musetalk} talking head's own settings ({@code VIDEOCHAT_THG_MODELS}, ...), so the avatar lands where
 * {@code speak} will look for it.
 *
 * <p>When the model folder holds DWPose and BiSeNet (roles {@code dwpose} and {@code face_parsing} of
 * {@code musetalk.properties}, by default {@code dwpose.onnx} and {@code face_parsing.onnx}), the face box and mask
 * are MuseTalk's own; otherwise the face detector's approximate ones. The command says which.
 */
@Command(name = "prepare-avatar", mixinStandardHelpOptions = true,
        description = "Makes a MuseTalk avatar (frames, face boxes, latents) from a video or a still of one face, "
                + "with a progress bar per step.",
        footer = {"%nThen, to speak with it:",
                "  VIDEOCHAT_THG=musetalk VIDEOCHAT_THG_MODELS=DIR VIDEOCHAT_AVATAR=NAME videochat speak \"Hi.\""})
final class PrepareAvatarCommand implements Callable<Integer> {

    /** The face detector's file name looked for in the model folder. */
    static final String DETECTOR_FILE = "version-RFB-320.onnx";

    @ParentCommand
    private VideoChatCommand root;

    @Parameters(paramLabel = "<video or image>", description = "a video or a still of one face")
    private Path source;

    @Option(names = "--name", paramLabel = "NAME",
            description = "the avatar's name and folder (default: the file's name without extension)")
    private String name;

    @Option(names = "--models", paramLabel = "DIR", descriptionKey = "videochat.thg.models",
            description = "the MuseTalk model folder, made by videochat-musetalk's tools/export_onnx.py "
                    + "(default: VIDEOCHAT_THG_MODELS)")
    private Path models;

    @Option(names = "--avatars", paramLabel = "DIR", descriptionKey = "videochat.thg.avatars",
            defaultValue = "avatars",
            description = "where avatars are kept; writes DIR/NAME/ (default: ${DEFAULT-VALUE}; VIDEOCHAT_THG_AVATARS)")
    private Path avatars;

    @Option(names = "--face-detector", paramLabel = "FILE", descriptionKey = "videochat.thg.face-detector",
            description = "the RFB-320 face detector (default: VIDEOCHAT_THG_FACE_DETECTOR, else " + DETECTOR_FILE
                    + " in the model folder)")
    private Path detectorFile;

    @Option(names = "--face-box", paramLabel = "X1,Y1,X2,Y2", converter = FaceBox.Parser.class,
            description = "a fixed face box in pixels instead of finding the face (no detector needed)")
    private FaceBox faceBox;

    @Option(names = "--bbox-shift", paramLabel = "N", defaultValue = "0",
            description = "moves the redrawn mouth region down N pixels (up when negative; default: ${DEFAULT-VALUE})")
    private int bboxShift;

    @Option(names = "--max-frames", paramLabel = "N", defaultValue = "0",
            description = "keeps only the first N frames (default: all)")
    private int maxFrames;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda", descriptionKey = "videochat.thg.device",
            defaultValue = "auto", description = "where the VAE runs (default: ${DEFAULT-VALUE}; VIDEOCHAT_THG_DEVICE);"
            + " auto: the GPU when it and the CUDA build of ONNX Runtime are there, the CPU otherwise")
    private ExecutionDevice device;

    /** A face box in pixels, from {@code X1,Y1,X2,Y2}; {@code x2 > x1} and {@code y2 > y1}. */
    record FaceBox(int x1, int y1, int x2, int y2) {

        /** {@code --face-box X1,Y1,X2,Y2}. */
        static final class Parser implements ITypeConverter<FaceBox> {
            @Override
            public FaceBox convert(String text) {
                String[] parts = text.split(",");
                int[] box = new int[parts.length];
                try {
                    for (int i = 0; i < parts.length; i++) {
                        box[i] = Integer.parseInt(parts[i].trim());
                    }
                } catch (NumberFormatException e) {
                    box = new int[0];
                }
                if (box.length != 4) {
                    throw new TypeConversionException("needs four whole numbers X1,Y1,X2,Y2 in pixels, got '"
                            + text + "'");
                }
                if (box[2] <= box[0] || box[3] <= box[1]) {
                    throw new TypeConversionException("needs X2 > X1 and Y2 > Y1, got '" + text + "'");
                }
                return new FaceBox(box[0], box[1], box[2], box[3]);
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintStream out = root.out();
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no such file: " + source.toAbsolutePath());
        }
        if (models == null) {
            throw new ConfigurationException(Stage.THG, MuseTalkProvider.NAME, "prepare-avatar needs the MuseTalk "
                    + "model folder: pass --models DIR or set VIDEOCHAT_THG_MODELS (see videochat-musetalk/README.md)");
        }
        if (!Files.isDirectory(models)) {
            throw new ConfigurationException(Stage.THG, MuseTalkProvider.NAME, "the MuseTalk model folder "
                    + models.toAbsolutePath() + (Files.exists(models) ? " is a file, not a folder" : " does not exist")
                    + ": pass --models DIR or set VIDEOCHAT_THG_MODELS to the folder tools/export_onnx.py wrote "
                    + "(see videochat-musetalk/README.md)");
        }
        Path detectorPath = detectorFile != null ? detectorFile : models.resolve(DETECTOR_FILE);
        if (faceBox == null && !Files.isRegularFile(detectorPath)) {
            throw new ConfigurationException(Stage.THG, MuseTalkProvider.NAME, "no face detector at " + detectorPath
                    + ": put " + DETECTOR_FILE + " (Ultra-Light-Fast-Generic-Face-Detector-1MB) there, pass "
                    + "--face-detector FILE, or give the face box with --face-box X1,Y1,X2,Y2");
        }
        if (name == null) {
            String file = source.getFileName().toString();
            name = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        }
        ModelManifest manifest = ModelManifest.read(models);
        MuseTalkVersion version = manifest.version();
        boolean landmarks = faceBox == null && manifest.has(ModelRole.DWPOSE);
        boolean parsing = manifest.has(ModelRole.FACE_PARSING);
        AvatarPreparer.Options options = AvatarPreparer.Options.defaults(name, version)
                .withBboxShift(bboxShift).withMaxFrames(maxFrames);
        if (faceBox != null) {
            options = options.withFaceBox(faceBox.x1(), faceBox.y1(), faceBox.x2(), faceBox.y2());
        }
        Path target = avatars.resolve(name);
        ProgressBar bar = new ProgressBar(root.err());
        MuseTalkOptions runtimeOptions = MuseTalkOptions.builder().device(device).build();
        PreparedAvatar avatar;
        try (VaeEncoder vae = MuseTalkRuntime.openVaeEncoder(models, runtimeOptions);
             FaceDetector detector = faceBox == null ? FaceDetector.open(detectorPath) : null;
             FaceLandmarker landmarker = landmarks ? openLandmarker(manifest) : null;
             FaceParser parser = parsing ? openParser(manifest) : null) {
            AvatarPreparer preparer = new AvatarPreparer(vae, detector, landmarker, parser, version);
            out.println(faceBox != null ? "face box: given by hand" + (parsing ? "; mask: BiSeNet face parsing"
                    : "; approximate mask (export face_parsing to use the official one)") : preparer.method());
            avatar = preparer.prepare(source, options, bar::update);
        } finally {
            bar.end();
        }
        AvatarStore.write(avatar, target, source.toAbsolutePath().toString());
        out.println("avatar '" + avatar.id() + "': " + avatar.frameCount() + " frames, " + avatar.width() + "x"
                + avatar.height() + " at " + avatar.fps() + " fps, written to " + target.toAbsolutePath());
        out.println("use it with: VIDEOCHAT_THG=musetalk VIDEOCHAT_THG_MODELS=" + models
                + " VIDEOCHAT_THG_AVATARS=" + avatars + " VIDEOCHAT_AVATAR=" + avatar.id());
        return 0;
    }

    private static FaceLandmarker openLandmarker(ModelManifest manifest) {
        ModelRole role = ModelRole.DWPOSE;
        return FaceLandmarker.open(manifest.file(role), manifest.tensorName(role, FaceLandmarker.INPUT),
                manifest.tensorName(role, FaceLandmarker.SIMCC_X), manifest.tensorName(role, FaceLandmarker.SIMCC_Y),
                true);
    }

    private static FaceParser openParser(ModelManifest manifest) {
        ModelRole role = ModelRole.FACE_PARSING;
        return FaceParser.open(manifest.file(role), manifest.tensorName(role, FaceParser.INPUT),
                manifest.tensorName(role, FaceParser.OUTPUT));
    }

    /** A one-line progress bar per step, redrawn in place. */
    static final class ProgressBar {

        private static final int WIDTH = 30;
        private final PrintStream err;
        private String step;
        private int lastPercent = -1;

        ProgressBar(PrintStream err) {
            this.err = err;
        }

        synchronized void update(String newStep, int done, int total) {
            if (!newStep.equals(step)) {
                end();
                step = newStep;
                lastPercent = -1;
            }
            int percent = total > 0 ? Math.min(100, done * 100 / total) : -1;
            if (percent == lastPercent && done != total) {
                return;
            }
            lastPercent = percent;
            int filled = percent < 0 ? 0 : percent * WIDTH / 100;
            err.print(String.format("\r%-8s [%s%s] %3s %d/%s", step, "#".repeat(filled), ".".repeat(WIDTH - filled),
                    percent < 0 ? "?" : percent + "%", done, total > 0 ? String.valueOf(total) : "?"));
            err.flush();
        }

        synchronized void end() {
            if (step != null) {
                err.println();
                step = null;
            }
        }
    }
}
