package dev.videochat.vad.silero;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.vad.VoiceActivityDetectorProvider;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.config.Settings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code silero} voice activity detector: Silero VAD v5/v6 on ONNX Runtime, on the CPU.
 *
 * <p>Settings, mapped onto {@link SileroVad#builder()}: {@code model} (the {@code silero_vad.onnx} file), else
 * {@code models-dir} (a folder holding {@code silero_vad.onnx} or {@code silero_vad/silero_vad.onnx}), else the
 * environment variable {@value #MODEL_ENV} (the file); {@code threads} (ONNX Runtime intra-op threads per frame,
 * default 1).
 */
public final class SileroVadProvider implements VoiceActivityDetectorProvider {

    /** The provider name. */
    public static final String NAME = SileroVad.NAME;
    /** The environment variable naming the model file when neither {@code model} nor {@code models-dir} is set. */
    public static final String MODEL_ENV = "VIDEOCHAT_VAD_MODEL";
    /** The model's file name, looked for in {@code models-dir}. */
    public static final String FILE_NAME = "silero_vad.onnx";
    static final String WHERE_TO_GET = "silero_vad.onnx (MIT) is in https://github.com/snakers4/silero-vad "
            + "under src/silero_vad/data/";
    private static final Set<String> SETTINGS = Set.of("model", "models-dir", "threads");
    private static final Map<String, String> SETTING_OF_METHOD = Map.of("model(Path)", "model",
            "modelsDir(Path)", "models-dir");

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

    @Override
    public Set<String> settingNames() {
        return SETTINGS;
    }

    /**
     * @throws ConfigurationException naming the setting (or environment variable) when a key is unknown or no model
     *                                file is found
     * @throws dev.videochat.api.ModelException when the file does not load or does not fit the contract
     */
    @Override
    public VoiceActivityDetector create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.VAD, NAME, settings, SETTINGS);
        SileroVad.Builder builder = builder(s);
        return s.build(builder::build, SETTING_OF_METHOD);
    }

    /** Where the model is, by the rules in the class comment. */
    Path modelFile(Settings s) {
        SileroVad.Builder builder = builder(s);
        return s.build(builder::modelFile, SETTING_OF_METHOD);
    }

    private SileroVad.Builder builder(Settings s) {
        SileroVad.Builder builder = SileroVad.builder().environment(environment);
        s.ifPath("model", builder::model);
        s.ifPath("models-dir", builder::modelsDir);
        s.ifInt("threads", builder::threads);
        return builder;
    }
}
