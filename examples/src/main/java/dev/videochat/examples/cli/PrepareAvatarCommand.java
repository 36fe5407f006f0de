package dev.videochat.examples.cli;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.MuseTalkProvider;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.avatar.AvatarPreparer;
import dev.videochat.musetalk.avatar.AvatarStore;
import dev.videochat.musetalk.avatar.PreparedAvatar;
import dev.videochat.musetalk.face.FaceDetector;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.ModelManifest;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.runtime.VaeEncoder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code videochat prepare-avatar <video>}: turns a video (or a still) of a face into a MuseTalk avatar folder,
 * with a progress bar.
 *
 * <pre>
 * --name NAME           the avatar's name and folder (default: the file name without extension)
 * --models DIR          the MuseTalk model folder (default videochat.thg.models / VIDEOCHAT_THG_MODELS)
 * --avatars DIR         where avatars are kept (default videochat.thg.avatars, else "avatars")
 * --face-detector FILE  the face detector (default videochat.thg.face-detector, else
 *                       DIR/version-RFB-320.onnx in the model folder)
 * --face-box X1,Y1,X2,Y2  a fixed face box instead of detection
 * --bbox-shift N        move the middle of the face box down N pixels (up when negative)
 * --max-frames N        take at most N frames
 * --device auto|cpu|cuda
 * </pre>
 */
final class PrepareAvatarCommand {

    /** The face detector's file name looked for in the model folder. */
    static final String DETECTOR_FILE = "version-RFB-320.onnx";
    static final String USAGE = String.join("\n",
            "usage: videochat prepare-avatar <video or image> [--name NAME] [--models DIR] [--avatars DIR]",
            "         [--face-detector FILE] [--face-box X1,Y1,X2,Y2] [--bbox-shift N] [--max-frames N]",
            "         [--device auto|cpu|cuda]");
    /** {@code prepare-avatar --help}: the usage and what each flag does. */
    static final String HELP = String.join("\n",
            USAGE,
            "Makes a MuseTalk avatar (frames, face boxes, latents) from a video or a still of one face.",
            "  --name NAME             the avatar's name and folder (default: the file's name without extension)",
            "  --models DIR            the MuseTalk model folder, made by videochat-musetalk's tools/export_onnx.py",
            "                          (default: VIDEOCHAT_THG_MODELS)",
            "  --avatars DIR           where avatars are kept; writes DIR/NAME/ (default: VIDEOCHAT_THG_AVATARS,",
            "                          else avatars)",
            "  --face-detector FILE    the RFB-320 face detector (default: VIDEOCHAT_THG_FACE_DETECTOR, else",
            "                          " + DETECTOR_FILE + " in the model folder)",
            "  --face-box X1,Y1,X2,Y2  a fixed face box in pixels instead of finding the face (no detector needed)",
            "  --bbox-shift N          moves the redrawn mouth region down N pixels (up when negative; default 0)",
            "  --max-frames N          keeps only the first N frames (default: all)",
            "  --device auto|cpu|cuda  where the VAE runs (default: VIDEOCHAT_THG_DEVICE, else auto: the GPU when",
            "                          it and the CUDA build of ONNX Runtime are there, the CPU otherwise)",
            "  --help                  this text",
            "Then: VIDEOCHAT_THG=musetalk VIDEOCHAT_THG_MODELS=DIR VIDEOCHAT_AVATAR=NAME videochat speak \"Hi.\"");

    private PrepareAvatarCommand() {
    }

    static int run(ExampleConfig config, List<String> args, PrintStream out, PrintStream err) throws IOException {
        Path source = null;
        String name = null;
        String models = config.get("videochat.thg.models").orElse(null);
        String avatars = config.get("videochat.thg.avatars", "avatars");
        String detectorFile = config.get("videochat.thg.face-detector").orElse(null);
        String device = config.get("videochat.thg.device", "auto");
        int[] faceBox = null;
        int bboxShift = 0;
        int maxFrames = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--name" -> name = value(args, ++i, a);
                case "--models" -> models = value(args, ++i, a);
                case "--avatars" -> avatars = value(args, ++i, a);
                case "--face-detector" -> detectorFile = value(args, ++i, a);
                case "--device" -> device = value(args, ++i, a);
                case "--face-box" -> faceBox = box(value(args, ++i, a));
                case "--bbox-shift" -> bboxShift = number(value(args, ++i, a), a);
                case "--max-frames" -> maxFrames = number(value(args, ++i, a), a);
                default -> {
                    if (a.startsWith("--") || source != null) {
                        throw new IllegalArgumentException("prepare-avatar does not understand '" + a + "'\n"
                                + USAGE);
                    }
                    source = Path.of(a);
                }
            }
        }
        if (source == null) {
            throw new IllegalArgumentException("prepare-avatar needs a video or image of a face\n" + USAGE);
        }
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no such file: " + source.toAbsolutePath());
        }
        if (models == null) {
            throw new ConfigurationException(Stage.THG, MuseTalkProvider.NAME, "prepare-avatar needs the MuseTalk "
                    + "model folder: pass --models DIR or set VIDEOCHAT_THG_MODELS (see videochat-musetalk/README.md)");
        }
        Path modelDir = Path.of(models);
        if (!Files.isDirectory(modelDir)) {
            throw new ConfigurationException(Stage.THG, MuseTalkProvider.NAME, "the MuseTalk model folder "
                    + modelDir.toAbsolutePath() + (Files.exists(modelDir) ? " is a file, not a folder" : " does not exist")
                    + ": pass --models DIR or set VIDEOCHAT_THG_MODELS to the folder tools/export_onnx.py wrote "
                    + "(see videochat-musetalk/README.md)");
        }
        Path detectorPath = detectorFile != null ? Path.of(detectorFile) : modelDir.resolve(DETECTOR_FILE);
        if (faceBox == null && !Files.isRegularFile(detectorPath)) {
            throw new ConfigurationException(Stage.THG, MuseTalkProvider.NAME, "no face detector at " + detectorPath
                    + ": put " + DETECTOR_FILE + " (Ultra-Light-Fast-Generic-Face-Detector-1MB) there, pass "
                    + "--face-detector FILE, or give the face box with --face-box X1,Y1,X2,Y2");
        }
        if (name == null) {
            String file = source.getFileName().toString();
            name = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        }
        ExecutionDevice executionDevice;
        try {
            executionDevice = ExecutionDevice.valueOf(device.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--device must be auto, cpu or cuda, got '" + device + "'");
        }
        MuseTalkVersion version = ModelManifest.read(modelDir).version();
        AvatarPreparer.Options options = AvatarPreparer.Options.defaults(name, version)
                .withBboxShift(bboxShift).withMaxFrames(maxFrames);
        if (faceBox != null) {
            options = options.withFaceBox(faceBox[0], faceBox[1], faceBox[2], faceBox[3]);
        }
        Path target = Path.of(avatars).resolve(name);
        ProgressBar bar = new ProgressBar(err);
        MuseTalkOptions runtimeOptions = MuseTalkOptions.builder().device(executionDevice).build();
        PreparedAvatar avatar;
        try (VaeEncoder vae = MuseTalkRuntime.openVaeEncoder(modelDir, runtimeOptions);
             FaceDetector detector = faceBox == null ? FaceDetector.open(detectorPath) : null) {
            avatar = new AvatarPreparer(vae, detector, version).prepare(source, options, bar::update);
        } finally {
            bar.end();
        }
        AvatarStore.write(avatar, target, source.toAbsolutePath().toString());
        out.println("avatar '" + avatar.id() + "': " + avatar.frameCount() + " frames, " + avatar.width() + "x"
                + avatar.height() + " at " + avatar.fps() + " fps, written to " + target.toAbsolutePath());
        out.println("use it with: VIDEOCHAT_THG=musetalk VIDEOCHAT_THG_MODELS=" + modelDir
                + " VIDEOCHAT_THG_AVATARS=" + avatars + " VIDEOCHAT_AVATAR=" + avatar.id());
        return 0;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static int number(String text, String flag) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, got '" + text + "'");
        }
    }

    private static int[] box(String text) {
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("--face-box needs X1,Y1,X2,Y2 in pixels, got '" + text + "'");
        }
        int[] box = new int[4];
        for (int i = 0; i < 4; i++) {
            box[i] = number(parts[i], "--face-box");
        }
        if (box[2] <= box[0] || box[3] <= box[1]) {
            throw new IllegalArgumentException("--face-box needs X2 > X1 and Y2 > Y1, got '" + text + "'");
        }
        return box;
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
