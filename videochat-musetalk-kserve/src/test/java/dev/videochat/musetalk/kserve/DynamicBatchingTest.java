package dev.videochat.musetalk.kserve;

import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.provider.Providers;
import dev.videochat.musetalk.avatar.PreparedAvatar;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loopback server's dynamic batcher, which the pool benchmark relies on: requests from two clients (two
 * talking heads, each with its own channel) share runs, and each client still gets exactly its own faces.
 */
@Timeout(120)
class DynamicBatchingTest {

    @TempDir
    Path dir;

    private static Map<String, String> settings(Path models, String... more) {
        Map<String, String> s = new HashMap<>(Map.of("models", models.toString(), "device", "cpu",
                "batch-size", "4", "threads", "1"));
        for (int i = 0; i < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return s;
    }

    @Test
    void twoClientsShareRunsAndEachGetsTheFramesItWouldGetAlone() throws Exception {
        Path models = TinyMuseTalkModels.writeFused(dir.resolve("fused"));
        PreparedAvatar avatar = RemoteTurns.avatar();
        List<VideoFrame> alone;
        try (TalkingHead local = Providers.talkingHead("musetalk", settings(models));
             AvatarAnimator animator = local.animate(avatar)) {
            alone = RemoteTurns.speak(animator, 12);
        }
        try (LoopbackInferenceServer server = new LoopbackInferenceServer(Map.of(
                "whisper", models.resolve("whisper_tiny_states.onnx"),
                "unet_decoder", models.resolve("unet_vae_decoder.onnx")));
             TalkingHead first = Providers.talkingHead("musetalk", settings(models, "backend", "kserve",
                     "kserve-url", server.urlText()));
             TalkingHead second = Providers.talkingHead("musetalk", settings(models, "backend", "kserve",
                     "kserve-url", server.urlText()))) {
            // After both connected (each ran its warm-up batch alone): a request waits for the other client's
            // as long as it takes, and the two fill a run of 8 exactly.
            server.batching(8, Duration.ofSeconds(5));
            ExecutorService sessions = Executors.newFixedThreadPool(2);
            try {
                Future<List<VideoFrame>> a = sessions.submit(() -> speak(first, avatar));
                Future<List<VideoFrame>> b = sessions.submit(() -> speak(second, avatar));
                assertSameFrames(alone, a.get());
                assertSameFrames(alone, b.get());
            } finally {
                sessions.shutdownNow();
            }
            List<LoopbackInferenceServer.Batch> runs = server.batches();
            assertTrue(runs.stream().anyMatch(r -> r.clients().size() == 2 && r.items() == 8), runs.toString());
            assertTrue(runs.stream().allMatch(r -> r.model().equals("unet_decoder")), "whisper is not batched");
        }
    }

    private static List<VideoFrame> speak(TalkingHead head, PreparedAvatar avatar) throws Exception {
        try (AvatarAnimator animator = head.animate(avatar)) {
            return RemoteTurns.speak(animator, 12);
        }
    }

    private static void assertSameFrames(List<VideoFrame> expected, List<VideoFrame> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).pixels(), actual.get(i).pixels(), "frame " + i);
        }
    }
}
