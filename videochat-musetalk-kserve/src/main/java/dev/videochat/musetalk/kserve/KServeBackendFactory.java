package dev.videochat.musetalk.kserve;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;
import dev.videochat.musetalk.runtime.InferenceBackend;
import dev.videochat.musetalk.runtime.InferenceBackendFactory;
import dev.videochat.musetalk.runtime.ModelManifest;
import dev.videochat.musetalk.runtime.MuseTalkOptions;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code kserve} backend as the {@code musetalk} provider finds it ({@code backend=kserve}). Settings:
 * {@code kserve-url} (required, {@code grpc://host:8001}; env {@code VIDEOCHAT_THG_KSERVE_URL}),
 * {@code kserve-deadline} (per request, default 10 s), {@code kserve-retries} (on UNAVAILABLE, default 3),
 * {@code kserve-backoff} (before the first retry, doubling, default 100 ms) and {@code kserve-model-prefix}
 * (default none).
 */
public final class KServeBackendFactory implements InferenceBackendFactory {

    @Override
    public String name() {
        return KServeBackend.NAME;
    }

    @Override
    public InferenceBackend open(ModelManifest manifest, MuseTalkOptions options, Map<String, String> settings) {
        Settings s = Settings.of(Stage.THG, "musetalk", settings);
        String url = s.require("kserve-url", "the gRPC address of the KServe v2 / Triton server, e.g. "
                + "grpc://gpu-pool:8001 (env VIDEOCHAT_THG_KSERVE_URL)");
        KServeOptions server;
        try {
            server = KServeOptions.builder(url)
                    .deadline(s.getDuration("kserve-deadline", Duration.ofSeconds(10)))
                    .retries(s.getInt("kserve-retries", 3, 0, 10))
                    .backoff(s.getDuration("kserve-backoff", Duration.ofMillis(100)))
                    .modelPrefix(s.get("kserve-model-prefix", ""))
                    .build();
        } catch (IllegalArgumentException e) {
            throw s.error(e.getMessage());
        }
        return KServeBackend.connect(manifest, options, server);
    }
}
