package dev.videochat.musetalk;

import dev.videochat.api.Stage;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.musetalk.avatar.MuseTalkTalkingHead;
import dev.videochat.musetalk.runtime.CudaSettings;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.InferenceBackend;
import dev.videochat.musetalk.runtime.InferenceBackends;
import dev.videochat.musetalk.runtime.ModelManifest;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.runtime.SessionAdmission;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code musetalk} talking head: MuseTalk 1.0 / 1.5 on ONNX Runtime (CUDA or CPU), animating avatars prepared
 * from a video.
 *
 * <p>Settings: {@code models} (required: the model folder, see the module's README), {@code avatars} (the folder of
 * prepared avatars, default {@code avatars}), {@code device} ({@code auto}, {@code cpu} or {@code cuda}),
 * {@code cuda-device} (default 0), {@code batch-size} (0 = automatic), {@code threads} (0 = ONNX Runtime's
 * default), {@code fp16} (prefer fp16 model files on CUDA, default true), {@code feature-step} (seconds of new
 * speech between feature updates while an utterance streams, default 1.0) and {@code lookahead} (seconds of speech
 * a frame waits for after its audio window, default 0.2).
 *
 * <p>Sessions: {@code admission} ({@code off}, the default, {@code refuse} or {@code queue}: what happens to a
 * session the face worker's measured rate cannot carry), {@code admission-wait} (how long {@code queue} waits,
 * default 30 s), {@code session-fps} (frames per second one session needs, default 25).
 *
 * <p>Where the models run: {@code backend} ({@code onnx}, the default: ONNX Runtime in this process; {@code kserve}:
 * a KServe v2 / Triton inference server, with the module {@code videochat-musetalk-kserve} on the class path, which
 * reads its own {@code kserve-*} settings, {@code kserve-url} among them). With {@code kserve} the model folder
 * needs only its {@code musetalk.properties} (or nothing, for the defaults).
 *
 * <p>CUDA (not yet run on a GPU): {@code cudnn-conv-algo-search} ({@code exhaustive}, the default,
 * {@code heuristic} or {@code default}), {@code cuda-arena} ({@code next-power-of-two}, the default, or
 * {@code same-as-requested}), {@code cuda-memory-limit-mb} (0 = none), {@code tensorrt} (run the TensorRT provider
 * first, default false) and {@code tensorrt-cache} (its engine cache folder; none by default).
 */
public final class MuseTalkProvider implements TalkingHeadProvider {

    /** The provider name. */
    public static final String NAME = "musetalk";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MuseTalk lip-sync on ONNX Runtime (CUDA or CPU) over avatars prepared from a video";
    }

    @Override
    public TalkingHead create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.THG, NAME, settings);
        Path models = Path.of(s.require("models", "the folder of MuseTalk ONNX models "
                + "(see videochat-musetalk/README.md: tools/export_onnx.py writes one)"));
        if (!Files.isDirectory(models)) {
            throw s.error("setting 'models' names " + models.toAbsolutePath() + ", which is not a folder");
        }
        String device = s.get("device", "auto").trim().toUpperCase(Locale.ROOT);
        ExecutionDevice executionDevice;
        try {
            executionDevice = ExecutionDevice.valueOf(device);
        } catch (IllegalArgumentException e) {
            throw s.error("setting 'device' must be auto, cpu or cuda, got '" + s.get("device", "") + "'");
        }
        MuseTalkOptions options = MuseTalkOptions.builder()
                .device(executionDevice)
                .cudaDeviceId(s.getInt("cuda-device", 0, 0, 1024))
                .batchSize(s.getInt("batch-size", 0, 0, 256))
                .intraOpThreads(s.getInt("threads", 0, 0, 1024))
                .preferFp16(s.getBoolean("fp16", true))
                .cuda(cudaSettings(s))
                .admission(new SessionAdmission(choice(s, "admission", "off", SessionAdmission.Policy.class),
                        s.getInt("session-fps", 25, 1, 120), s.getDuration("admission-wait", Duration.ofSeconds(30))))
                .build();
        double featureStep = s.getDouble("feature-step", 1.0, 0.04, 30.0);
        double lookahead = s.getDouble("lookahead", 0.2, 0.0, 5.0);
        Path avatars = Path.of(s.get("avatars", "avatars"));
        ModelManifest manifest = ModelManifest.read(models);
        InferenceBackend backend = InferenceBackends.open(s.get("backend", InferenceBackends.ONNX), manifest, options,
                settings);
        return new MuseTalkTalkingHead(MuseTalkRuntime.open(manifest, options, backend), avatars, featureStep,
                lookahead);
    }

    private static CudaSettings cudaSettings(Settings s) {
        return new CudaSettings(
                choice(s, "cudnn-conv-algo-search", "exhaustive", CudaSettings.ConvAlgoSearch.class),
                choice(s, "cuda-arena", "next-power-of-two", CudaSettings.ArenaExtension.class),
                (long) s.getInt("cuda-memory-limit-mb", 0, 0, 1 << 24) << 20,
                s.getBoolean("tensorrt", false),
                s.get("tensorrt-cache").filter(v -> !v.isBlank()).map(Path::of));
    }

    /** A lower-case, hyphenated enum setting: {@code same-as-requested} for {@code SAME_AS_REQUESTED}. */
    private static <E extends Enum<E>> E choice(Settings s, String key, String fallback, Class<E> type) {
        String value = s.get(key, fallback).trim();
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw s.error("setting '" + key + "' must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList() + ", got '" + value + "'");
        }
    }
}
