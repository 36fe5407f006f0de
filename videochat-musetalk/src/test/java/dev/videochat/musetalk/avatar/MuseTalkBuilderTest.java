package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import dev.videochat.musetalk.MuseTalkProvider;
import dev.videochat.musetalk.runtime.CudaSettings;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.SessionAdmission;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MuseTalkBuilderTest {

    @TempDir
    Path dir;

    @Test
    void theBuilderAndTheSettingsLoadTheSameHead() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        Path avatars = dir.resolve("avatars");
        AvatarStore.write(TestAvatars.synthetic("bob", 48, 40, 2, false), avatars.resolve("bob"), "bob.mp4");
        try (MuseTalkTalkingHead built = (MuseTalkTalkingHead) MuseTalkTalkingHead.builder().models(models)
                .avatars(avatars).device(ExecutionDevice.CPU).batchSize(2).threads(1).fp16(false)
                .lookahead(Duration.ofMillis(100))
                .admission(SessionAdmission.Policy.REFUSE).sessionFps(20).admissionWait(Duration.ofSeconds(3))
                .cudaArena(CudaSettings.ArenaExtension.SAME_AS_REQUESTED).build();
             MuseTalkTalkingHead named = (MuseTalkTalkingHead) new MuseTalkProvider().create(Map.ofEntries(
                     Map.entry("models", models.toString()), Map.entry("avatars", avatars.toString()),
                     Map.entry("device", "cpu"), Map.entry("batch-size", "2"), Map.entry("threads", "1"),
                     Map.entry("fp16", "false"), Map.entry("lookahead", "0.1"),
                     Map.entry("admission", "refuse"), Map.entry("session-fps", "20"),
                     Map.entry("admission-wait", "3s"), Map.entry("cuda-arena", "same-as-requested")))) {
            assertEquals(List.of("bob"), built.avatars());
            assertEquals(built.avatars(), named.avatars());
            assertEquals(ExecutionDevice.CPU, built.runtime().device().device());
            assertEquals(built.runtime().device().device(), named.runtime().device().device());
            assertEquals(2, built.batchSize());
            assertEquals(built.batchSize(), named.batchSize());
            assertEquals(48, built.loadAvatar("bob").width());
        }
    }

    @Test
    void aMissingOrWrongModelFolderSaysHowToGiveIt() {
        assertEquals("[THG/musetalk] models is not set: pass .models(..) to MuseTalkTalkingHead.builder(), or the "
                + "'models' setting; the folder of MuseTalk ONNX models (see videochat-musetalk/README.md: "
                + "tools/export_onnx.py writes one)", assertThrows(ConfigurationException.class,
                () -> MuseTalkTalkingHead.builder().build()).getMessage());
        Path none = dir.resolve("none");
        assertEquals("[THG/musetalk] models(Path) names " + none.toAbsolutePath() + ", which is not a folder",
                assertThrows(ConfigurationException.class, () -> MuseTalkTalkingHead.builder().models(none).build())
                        .getMessage());
        assertEquals("[THG/musetalk] setting 'models' names " + none.toAbsolutePath() + ", which is not a folder",
                assertThrows(ConfigurationException.class, () -> new MuseTalkProvider().create(
                        Map.of("models", none.toString()))).getMessage());
    }

    @Test
    void aBadValueNamesTheBuilderMethodOrTheSetting() {
        assertEquals("[THG/musetalk] batchSize(int) must be 0..256, got 300", assertThrows(
                ConfigurationException.class, () -> MuseTalkTalkingHead.builder().batchSize(300)).getMessage());
        assertEquals("[THG/musetalk] lookahead(Duration) must be 0..5 s, got 6 s", assertThrows(
                ConfigurationException.class, () -> MuseTalkTalkingHead.builder().lookahead(Duration.ofSeconds(6)))
                .getMessage());
        assertEquals("[THG/musetalk] setting 'lookahead' must be 0..5 s, got 6 s", assertThrows(
                ConfigurationException.class, () -> new MuseTalkProvider().create(Map.of("models", dir.toString(),
                        "lookahead", "6"))).getMessage());
    }

    @Test
    @SuppressWarnings("removal")
    void theDeprecatedFeatureStepIsStillCheckedAndChangesNothing() throws Exception {
        // Features are encoded once per batch as speech streams; the old step is accepted, with a warning.
        assertTrue(new MuseTalkProvider().settingNames().contains("feature-step"));
        assertEquals("[THG/musetalk] setting 'feature-step' must be 0.04..30 s, got 0.01 s", assertThrows(
                ConfigurationException.class, () -> new MuseTalkProvider().create(Map.of("models", dir.toString(),
                        "feature-step", "0.01"))).getMessage());
        assertEquals("[THG/musetalk] featureStep(Duration) must be 0.04..30 s, got 0.01 s", assertThrows(
                ConfigurationException.class, () -> MuseTalkTalkingHead.builder().featureStep(Duration.ofMillis(10)))
                .getMessage());
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        try (MuseTalkTalkingHead head = (MuseTalkTalkingHead) new MuseTalkProvider().create(Map.of(
                "models", models.toString(), "device", "cpu", "batch-size", "2", "feature-step", "0.5"))) {
            assertEquals(2, head.batchSize());
        }
    }
}
