package dev.videochat.musetalk;

import dev.videochat.api.Stage;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.ThgProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.musetalk.avatar.MuseTalkTalkingHead;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class MuseTalkProvider implements ThgProvider {

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
                .build();
        double featureStep = s.getDouble("feature-step", 1.0, 0.04, 30.0);
        double lookahead = s.getDouble("lookahead", 0.2, 0.0, 5.0);
        Path avatars = Path.of(s.get("avatars", "avatars"));
        return new MuseTalkTalkingHead(MuseTalkRuntime.open(models, options), avatars, featureStep, lookahead);
    }
}
