package dev.videochat.musetalk;

import dev.videochat.api.Stage;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.musetalk.avatar.MuseTalkTalkingHead;
import dev.videochat.musetalk.avatar.MuseTalkTalkingHeadBuilder;
import dev.videochat.musetalk.runtime.CudaSettings;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.SessionAdmission;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code musetalk} talking head: MuseTalk 1.0 / 1.5 on ONNX Runtime (CUDA or CPU), animating avatars prepared
 * from a video.
 *
 * <p>Settings, each mapped onto the {@link MuseTalkTalkingHead#builder()} method of the same name in camel case
 * ({@code lookahead} in seconds, such as {@code 0.2}): {@code models} (required: the model
 * folder, see the module's README), {@code avatars} (the folder of
 * prepared avatars, default {@code avatars}), {@code device} ({@code auto}, {@code cpu} or {@code cuda}),
 * {@code cuda-device} (default 0), {@code batch-size} (0 = automatic), {@code threads} (0 = ONNX Runtime's
 * default), {@code fp16} (prefer fp16 model files on CUDA, default true) and {@code lookahead} (seconds of speech
 * a frame waits for after its audio window, default 0.2). {@code feature-step} is deprecated and has no effect
 * (features are encoded once per batch as speech streams): it is still checked (0.04 to 30 s) and logs a warning.
 *
 * <p>Sessions: {@code admission} ({@code off}, the default, {@code refuse} or {@code queue}: what happens to a
 * session the face worker's measured rate cannot carry), {@code admission-wait} (how long {@code queue} waits,
 * default 30 s), {@code session-fps} (frames per second one session needs, default 25).
 *
 * <p>Where the models run: {@code backend} ({@code onnx}, the default: ONNX Runtime in this process; {@code kserve}:
 * a KServe v2 / Triton inference server, with the module {@code videochat-musetalk-kserve} on the class path, which
 * reads its own {@code kserve-*} settings, {@code kserve-url} among them; in code,
 * {@link MuseTalkTalkingHeadBuilder#backend(String, Map)}). With {@code kserve} the model folder
 * needs only its {@code musetalk.properties} (or nothing, for the defaults).
 *
 * <p>CUDA (not yet run on a GPU): {@code cudnn-conv-algo-search} ({@code exhaustive}, the default,
 * {@code heuristic} or {@code default}), {@code cuda-arena} ({@code next-power-of-two}, the default, or
 * {@code same-as-requested}), {@code cuda-memory-limit-mb} (0 = none), {@code tensorrt} (run the TensorRT provider
 * first, default false) and {@code tensorrt-cache} (its engine cache folder; none by default).
 */
public final class MuseTalkProvider implements TalkingHeadProvider {

    /** The provider name. */
    public static final String NAME = MuseTalkTalkingHead.NAME;
    private static final Set<String> SETTINGS = Set.of("models", "avatars", "device", "cuda-device", "batch-size",
            "threads", "fp16", "feature-step", "lookahead", "admission", "admission-wait", "session-fps",
            "cudnn-conv-algo-search", "cuda-arena", "cuda-memory-limit-mb", "tensorrt", "tensorrt-cache", "backend",
            "kserve-*");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MuseTalk lip-sync on ONNX Runtime (CUDA or CPU) over avatars prepared from a video";
    }

    @Override
    public Set<String> settingNames() {
        return SETTINGS;
    }

    @Override
    public TalkingHead create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.THG, NAME, settings, SETTINGS);
        MuseTalkTalkingHeadBuilder b = MuseTalkTalkingHead.builder();
        s.ifPath("models", b::models);
        s.ifPath("avatars", b::avatars);
        s.ifSet("device", v -> b.device(device(s, v)));
        s.ifInt("cuda-device", b::cudaDevice);
        s.ifInt("batch-size", b::batchSize);
        s.ifInt("threads", b::threads);
        s.ifBoolean("fp16", b::fp16);
        s.ifDouble("feature-step", step -> deprecatedFeatureStep(b, seconds(s, "feature-step", step)));
        s.ifDouble("lookahead", lookahead -> b.lookahead(seconds(s, "lookahead", lookahead)));
        s.ifSet("admission", v -> b.admission(choice(s, "admission", v, SessionAdmission.Policy.class)));
        s.ifDuration("admission-wait", b::admissionWait);
        s.ifInt("session-fps", b::sessionFps);
        s.ifSet("cudnn-conv-algo-search", v -> b.cudnnConvAlgoSearch(choice(s, "cudnn-conv-algo-search", v,
                CudaSettings.ConvAlgoSearch.class)));
        s.ifSet("cuda-arena", v -> b.cudaArena(choice(s, "cuda-arena", v, CudaSettings.ArenaExtension.class)));
        s.ifInt("cuda-memory-limit-mb", b::cudaMemoryLimitMb);
        s.ifBoolean("tensorrt", b::tensorRt);
        s.ifPath("tensorrt-cache", b::tensorRtCache);
        s.ifSet("backend", name -> b.backend(name, settings));
        return s.build(b::build, Map.of("models(Path)", "models"));
    }

    /** Seconds written as a decimal number ({@code 0.2}), as a duration. */
    @SuppressWarnings("removal") // the setting stays accepted, with its warning, until it is removed
    private static void deprecatedFeatureStep(MuseTalkTalkingHeadBuilder b, Duration step) {
        b.featureStep(step);
    }

    private static Duration seconds(Settings s, String key, double seconds) {
        if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e6) {
            throw s.error("setting '" + key + "' must be a number of seconds such as 0.2, got " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static ExecutionDevice device(Settings s, String value) {
        try {
            return ExecutionDevice.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw s.error("setting 'device' must be auto, cpu or cuda, got '" + value + "'");
        }
    }

    /** A lower-case, hyphenated enum setting: {@code same-as-requested} for {@code SAME_AS_REQUESTED}. */
    private static <E extends Enum<E>> E choice(Settings s, String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw s.error("setting '" + key + "' must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList() + ", got '" + value + "'");
        }
    }
}
