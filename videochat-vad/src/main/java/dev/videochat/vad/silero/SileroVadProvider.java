package dev.videochat.vad.silero;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.vad.VoiceActivityDetectorProvider;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code silero} voice activity detector: Silero VAD v5/v6 on ONNX Runtime, on the CPU.
 *
 * <p>Settings: {@code model} (the {@code silero_vad.onnx} file), else {@code models-dir} (a folder holding
 * {@code silero_vad.onnx} or {@code silero_vad/silero_vad.onnx}), else the environment variable
 * {@value #MODEL_ENV} (the file); {@code threads} (ONNX Runtime intra-op threads per frame, default 1).
 */
public final class SileroVadProvider implements VoiceActivityDetectorProvider {

    /** The provider name. */
    public static final String NAME = SileroVad.NAME;
    /** The environment variable naming the model file when neither {@code model} nor {@code models-dir} is set. */
    public static final String MODEL_ENV = "VIDEOCHAT_VAD_MODEL";
    /** The model's file name, looked for in {@code models-dir}. */
    public static final String FILE_NAME = "silero_vad.onnx";
    private static final String WHERE_TO_GET = "silero_vad.onnx (MIT) is in https://github.com/snakers4/silero-vad "
            + "under src/silero_vad/data/";

    private final Function<String, String> environment;

    /** The provider as {@link java.util.ServiceLoader} makes it, reading the process environment. */
    public SileroVadProvider() {
        this(System::getenv);
    }

    /** For tests: {@code environment} stands in for {@link System#getenv(String)}. */
    SileroVadProvider(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Silero VAD v5/v6 on ONNX Runtime (CPU); needs silero_vad.onnx (setting 'model', 'models-dir' or "
                + MODEL_ENV + ")";
    }

    /**
     * @throws ConfigurationException naming the setting (or environment variable) when no model file is found
     * @throws dev.videochat.api.ModelException when the file does not load or does not fit the contract
     */
    @Override
    public VoiceActivityDetector create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.VAD, NAME, settings);
        int threads = s.getInt("threads", 1, 1, 64);
        return SileroVad.load(modelFile(s), threads);
    }

    /** Where the model is, by the rules in the class comment. */
    Path modelFile(Settings s) {
        Optional<String> model = s.get("model");
        if (model.isPresent()) {
            Path file = Path.of(model.get());
            if (!Files.isRegularFile(file)) {
                throw s.error("setting 'model' names " + file.toAbsolutePath() + ", which is not a file; "
                        + WHERE_TO_GET);
            }
            return file;
        }
        Optional<String> dir = s.get("models-dir");
        if (dir.isPresent()) {
            Path folder = Path.of(dir.get());
            for (Path candidate : new Path[] {folder.resolve(FILE_NAME), folder.resolve("silero_vad").resolve(FILE_NAME)}) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            throw s.error("setting 'models-dir' names " + folder.toAbsolutePath() + ", which holds neither "
                    + FILE_NAME + " nor silero_vad/" + FILE_NAME + "; " + WHERE_TO_GET);
        }
        String fromEnv = environment.apply(MODEL_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path file = Path.of(fromEnv.trim());
            if (!Files.isRegularFile(file)) {
                throw s.error("environment variable " + MODEL_ENV + " names " + file.toAbsolutePath()
                        + ", which is not a file; " + WHERE_TO_GET);
            }
            return file;
        }
        throw s.error("no Silero VAD model: set 'model' to the " + FILE_NAME + " file, 'models-dir' to its folder, "
                + "or the environment variable " + MODEL_ENV + "; " + WHERE_TO_GET);
    }
}
