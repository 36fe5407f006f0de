package dev.videochat.musetalk.kserve;

import dev.videochat.api.ModelException;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.provider.Providers;
import dev.videochat.musetalk.avatar.PreparedAvatar;
import dev.videochat.musetalk.runtime.GeneratedFaces;
import dev.videochat.musetalk.runtime.FaceStream;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.runtime.ModelManifest;
import dev.videochat.musetalk.kserve.triton.WhisperRows;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code kserve} backend against a KServe v2 gRPC server on loopback serving the tiny stand-in models: whole
 * turns, start-up checks, and each failure with its error and no client thread left behind.
 */
class KServeBackendTest {

    /** Bounds a wait for what the server reports; a pass never comes near it. */
    private static final long EVENT_WAIT_S = 30;

    @TempDir
    Path dir;
    private LoopbackInferenceServer server;
    private final Set<String> threadsBefore = RemoteTurns.clientThreads();

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Path separate() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("separate"));
        server = new LoopbackInferenceServer(Map.of("whisper", models.resolve("whisper_tiny_states.onnx"),
                "unet", models.resolve("unet.onnx"), "vae_decoder", models.resolve("vae_decoder.onnx")));
        return models;
    }

    private Path fused() throws Exception {
        Path models = TinyMuseTalkModels.writeFused(dir.resolve("fused"));
        server = new LoopbackInferenceServer(Map.of("whisper", models.resolve("whisper_tiny_states.onnx"),
                "unet_decoder", models.resolve("unet_vae_decoder.onnx")));
        return models;
    }

    private static Map<String, String> local(Path models) {
        return new HashMap<>(Map.of("models", models.toString(), "device", "cpu", "batch-size", "4",
                "threads", "1"));
    }

    private Map<String, String> remote(Path models, String... more) {
        Map<String, String> settings = local(models);
        settings.put("backend", "kserve");
        settings.put("kserve-url", server.urlText());
        settings.put("kserve-backoff", "10ms");
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private static List<VideoFrame> turn(Map<String, String> settings, PreparedAvatar avatar) throws Exception {
        try (TalkingHead head = Providers.talkingHead("musetalk", settings);
             AvatarAnimator animator = head.animate(avatar)) {
            return RemoteTurns.speak(animator, 12);
        }
    }

    private void assertNoClientThreadsLeft() {
        Set<String> left = RemoteTurns.clientThreads();
        left.removeAll(threadsBefore);
        assertTrue(left.isEmpty(), "threads left behind: " + left);
    }

    private void assertSameFrames(List<VideoFrame> expected, List<VideoFrame> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).index(), actual.get(i).index());
            assertEquals(expected.get(i).pixels(), actual.get(i).pixels(), "frame " + i);
        }
    }

    @Test
    void aTurnThroughTheServerGivesTheFramesOfTheLocalRunnerOnTheSameModels() throws Exception {
        Path models = separate();
        PreparedAvatar avatar = RemoteTurns.avatar();
        List<VideoFrame> local = turn(local(models), avatar);
        List<VideoFrame> remote = turn(remote(models), avatar);
        assertEquals(30, local.size());
        assertSameFrames(local, remote);
        assertTrue(server.events().contains("infer vae_decoder"), server.events().toString());
        assertNoClientThreadsLeft();
    }

    @Test
    void aWhisperWithRowInputsSendsOnlyTheRowsEachBatchUses() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("separate"));
        Path plainWhisper = models.resolve("whisper_tiny_states.onnx");
        Path rowsWhisper = dir.resolve("whisper_rows.onnx");
        WhisperRows.write(plainWhisper, rowsWhisper, "states");
        PreparedAvatar avatar = RemoteTurns.avatar();
        List<VideoFrame> local = turn(local(models), avatar);

        long plainBytes;
        server = new LoopbackInferenceServer(Map.of("whisper", plainWhisper, "unet", models.resolve("unet.onnx"),
                "vae_decoder", models.resolve("vae_decoder.onnx")));
        assertSameFrames(local, turn(remote(models), avatar));
        plainBytes = server.answeredBytes("whisper");
        long plainRuns = server.events().stream().filter("infer whisper"::equals).count();
        server.close();

        server = new LoopbackInferenceServer(Map.of("whisper", rowsWhisper, "unet", models.resolve("unet.onnx"),
                "vae_decoder", models.resolve("vae_decoder.onnx")));
        assertSameFrames(local, turn(remote(models), avatar));
        long rowsBytes = server.answeredBytes("whisper");
        long rowsRuns = server.events().stream().filter("infer whisper"::equals).count();
        assertEquals(plainRuns, rowsRuns, "one run per batch either way");
        // Plain: every run answers 1,500 rows of 7,680 bytes. With row inputs a batch of 4 frames at 25 fps needs
        // about 17 rows (its 10-row prompts overlap), so the replies shrink by far more than ten times.
        assertTrue(plainBytes >= plainRuns * 11_520_000L, plainBytes + " bytes for " + plainRuns + " runs");
        assertTrue(rowsBytes * 10 < plainBytes, rowsBytes + " bytes with row inputs against " + plainBytes);
        assertNoClientThreadsLeft();
    }

    @Test
    void aTurnThroughTheFusedModelOnTheServerGivesTheLocalFrames() throws Exception {
        Path models = fused();
        PreparedAvatar avatar = RemoteTurns.avatar();
        assertSameFrames(turn(local(models), avatar), turn(remote(models), avatar));
        assertTrue(server.events().contains("infer unet_decoder"), server.events().toString());
        assertNoClientThreadsLeft();
    }

    @Test
    void aModelThatIsNotReadyIsNamedAtStart() throws Exception {
        Path models = separate();
        server.notReady("vae_decoder");
        ModelException e = assertThrows(ModelException.class,
                () -> Providers.talkingHead("musetalk", remote(models)));
        assertTrue(e.getMessage().contains("'vae_decoder'") && e.getMessage().contains("not ready")
                && e.getMessage().contains(server.urlText()), e.getMessage());
        assertNoClientThreadsLeft();
    }

    @Test
    void aModelWhoseShapesDoNotFitIsNamedWithItsTensorAndShape() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("separate"));
        Path small = dir.resolve("unet_16.onnx");
        TinyMuseTalkModels.unet(TinyMuseTalkModels.UnetShape.SMALL_LATENT).write(small);
        server = new LoopbackInferenceServer(Map.of("whisper", models.resolve("whisper_tiny_states.onnx"),
                "unet", small, "vae_decoder", models.resolve("vae_decoder.onnx")));
        ModelException e = assertThrows(ModelException.class,
                () -> Providers.talkingHead("musetalk", remote(models)));
        assertEquals("[THG/musetalk] model 'unet' on " + server.urlText() + " does not fit the MuseTalk UNET "
                + "contract: input 'sample' has shape [?, 8, 16, 16], expected [B, 8, 32, 32]", e.getMessage());
        assertNoClientThreadsLeft();
    }

    @Test
    void requestsAnsweredUnavailableAreSentAgainUpToTheRetryLimit() throws Exception {
        Path models = separate();
        PreparedAvatar avatar = RemoteTurns.avatar();
        List<VideoFrame> expected = turn(local(models), avatar);
        try (TalkingHead head = Providers.talkingHead("musetalk", remote(models, "kserve-retries", "2"));
             AvatarAnimator animator = head.animate(avatar)) {
            server.unavailable("unet", 2);
            int before = server.inferences();
            assertSameFrames(expected, RemoteTurns.speak(animator, 12));
            assertTrue(server.inferences() > before + 2);

            server.unavailable("unet", 3);
            RemoteServiceException e = assertThrows(RemoteServiceException.class,
                    () -> RemoteTurns.speak(animator, 4));
            assertEquals(Status.Code.UNAVAILABLE.value(), e.status().orElseThrow());
            assertTrue(e.getMessage().contains("could not be reached") && e.getMessage().contains("3 attempts")
                    && e.getMessage().contains("kserve-url"), e.getMessage());
        }
        assertNoClientThreadsLeft();
    }

    @Test
    void aServerGoneMidTurnEndsTheTurnWithAnErrorNamingItAndLeavesNoThreads() throws Exception {
        Path models = separate();
        TalkingHead head = Providers.talkingHead("musetalk", remote(models, "kserve-retries", "2"));
        AvatarAnimator animator = head.animate(RemoteTurns.avatar());
        server.goneAt(server.inferences() + 4);
        RemoteServiceException e = assertThrows(RemoteServiceException.class, () -> RemoteTurns.speak(animator, 12));
        assertEquals(Status.Code.UNAVAILABLE.value(), e.status().orElseThrow());
        assertTrue(e.getMessage().contains("could not be reached") && e.getMessage().contains(server.urlText()),
                e.getMessage());
        animator.close();
        head.close();
        assertNoClientThreadsLeft();
    }

    @Test
    void aRequestPastItsDeadlineFailsNamingTheDeadlineAndTheServerSeesItCancelled() throws Exception {
        Path models = separate();
        // Long enough that the whisper run before it and the trip to the server fit on a loaded 2-core machine:
        // the deadline must expire while the server holds the UNet request, not on the way there.
        try (TalkingHead head = Providers.talkingHead("musetalk", remote(models, "kserve-deadline", "3s"));
             AvatarAnimator animator = head.animate(RemoteTurns.avatar())) {
            server.hold("unet");
            RemoteServiceException e = assertThrows(RemoteServiceException.class,
                    () -> RemoteTurns.speak(animator, 4));
            assertEquals(Status.Code.DEADLINE_EXCEEDED.value(), e.status().orElseThrow());
            assertTrue(e.getMessage().contains("deadline of 3000 ms") && e.getMessage().contains("kserve-deadline"),
                    e.getMessage());
            assertEquals("held unet", next("held unet"));
            assertEquals("cancelled unet", next("cancelled unet"));
        }
        assertNoClientThreadsLeft();
    }

    @Test
    void cancellingATurnCancelsItsRequestOnTheServerAndTheSessionGoesOn() throws Exception {
        Path models = separate();
        MuseTalkOptions options = MuseTalkOptions.builder().batchSize(4).build();
        ModelManifest manifest = ModelManifest.read(models);
        KServeBackend backend = KServeBackend.connect(manifest, options,
                KServeOptions.builder(server.urlText()).deadline(Duration.ofSeconds(60)).build());
        PreparedAvatar avatar = RemoteTurns.avatar();
        try (MuseTalkRuntime runtime = MuseTalkRuntime.open(manifest, options, backend)) {
            assertEquals("kserve", runtime.backend());
            FaceStream stream = runtime.worker().openStream("turn");
            float[] states = new float[20 * 5 * 384];
            server.hold("unet");
            CompletableFuture<GeneratedFaces> first = stream.submit(3, (frame, slot) -> {
                slot.latent(avatar.latent(frame));
                slot.prompt(avatar.version(), states, 20, frame, 25);
            });
            assertEquals("held unet", next("held unet"));
            stream.cancel();
            assertEquals("cancelled unet", next("cancelled unet"));
            assertTrue(first.isCancelled());

            server.stopHolding("unet");
            CompletableFuture<GeneratedFaces> second = stream.submit(2, (frame, slot) -> {
                slot.latent(avatar.latent(frame));
                slot.prompt(avatar.version(), states, 20, frame, 25);
            });
            try (GeneratedFaces faces = second.get(EVENT_WAIT_S, TimeUnit.SECONDS)) {
                assertEquals(2, faces.frames());
            }
            stream.close();
        }
        assertNoClientThreadsLeft();
    }

    @Test
    void aMissingUrlAndABackendNotOnTheClassPathAreConfigurationErrors() throws Exception {
        Path models = separate();
        Map<String, String> noUrl = remote(models);
        noUrl.remove("kserve-url");
        var e = assertThrows(dev.videochat.api.ConfigurationException.class,
                () -> Providers.talkingHead("musetalk", noUrl));
        assertTrue(e.getMessage().contains("kserve-url") && e.getMessage().contains("grpc://"), e.getMessage());
        var wrong = assertThrows(dev.videochat.api.ConfigurationException.class,
                () -> Providers.talkingHead("musetalk", remote(models, "backend", "tensorflow")));
        assertTrue(wrong.getMessage().contains("[onnx, kserve]"), wrong.getMessage());
        assertFalse(server.events().contains("infer unet"));
    }

    /** Takes server events until {@code wanted}, which it returns (null: it never came). */
    private String next(String wanted) throws InterruptedException {
        for (String event = server.events().poll(EVENT_WAIT_S, TimeUnit.SECONDS); event != null;
             event = server.events().poll(EVENT_WAIT_S, TimeUnit.SECONDS)) {
            if (event.equals(wanted)) {
                return event;
            }
        }
        assertNotNull(null, "the server never reported " + wanted);
        return null;
    }
}
