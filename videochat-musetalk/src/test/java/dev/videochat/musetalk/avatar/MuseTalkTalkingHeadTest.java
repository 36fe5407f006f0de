package dev.videochat.musetalk.avatar;

import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The talking head's sessions on the shared face worker. */
class MuseTalkTalkingHeadTest {

    @TempDir
    Path dir;

    @Test
    void eachAnimatorHoldsOnePlaceOnTheWorkerUntilItCloses() throws Exception {
        MuseTalkRuntime runtime = MuseTalkRuntime.open(TinyMuseTalkModels.writeSeparate(dir.resolve("models")),
                MuseTalkOptions.builder().device(ExecutionDevice.CPU).batchSize(2).intraOpThreads(1).build());
        try (MuseTalkTalkingHead head = new MuseTalkTalkingHead(runtime, dir.resolve("avatars"), 0.2, 0.2)) {
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
}
