package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.core.provider.Providers;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The talking head's sessions on the shared face worker. */
class MuseTalkTalkingHeadTest {

    @TempDir
    Path dir;

    @Test
    void eachAnimatorHoldsOnePlaceOnTheWorkerUntilItCloses() throws Exception {
        MuseTalkRuntime runtime = MuseTalkRuntime.open(TinyMuseTalkModels.writeSeparate(dir.resolve("models")),
                MuseTalkOptions.builder().device(ExecutionDevice.CPU).batchSize(2).intraOpThreads(1).build());
        try (MuseTalkTalkingHead head = new MuseTalkTalkingHead(runtime, dir.resolve("avatars"), 0.2)) {
            PreparedAvatar avatar = TestAvatars.synthetic("a", 32, 32, 2, false);
            AvatarAnimator first = head.animate(avatar);
            AvatarAnimator second = head.animate(avatar);
            assertEquals(2, runtime.worker().stats().openSessions());
            first.close();
            first.close();
            assertEquals(1, runtime.worker().stats().openSessions());
            second.close();
            assertEquals(0, runtime.worker().stats().openSessions());
        }
    }

    @Test
    void admissionMeasuresTheWorkerAtStartAndBadChoicesAreNamed() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        try (TalkingHead head = Providers.talkingHead("musetalk", Map.of("models", models.toString(),
                "device", "cpu", "batch-size", "2", "threads", "1", "admission", "refuse",
                "cuda-arena", "same-as-requested"))) {
            var stats = ((MuseTalkTalkingHead) head).runtime().worker().stats();
            assertTrue(stats.framesPerSecond() > 0 && stats.sessionCapacity() >= 0, stats.toString());
        }
        var e = assertThrows(ConfigurationException.class, () -> Providers.talkingHead("musetalk",
                Map.of("models", models.toString(), "device", "cpu", "admission", "maybe")));
        assertTrue(e.getMessage().contains("[off, refuse, queue]") && e.getMessage().contains("maybe"), e.getMessage());
    }
}
