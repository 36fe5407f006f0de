package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.core.provider.Providers;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MuseTalkProviderTest {

    @TempDir
    Path dir;

    @Test
    void withoutModelsTheErrorSaysWhatToSet() {
        var e = assertThrows(ConfigurationException.class, () -> Providers.talkingHead("musetalk", Map.of()));
        assertTrue(e.getMessage().contains("models"), e.getMessage());
        e = assertThrows(ConfigurationException.class,
                () -> Providers.talkingHead("musetalk", Map.of("models", dir.resolve("none").toString())));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> Providers.talkingHead("musetalk",
                Map.of("models", dir.toString(), "device", "tpu")));
        assertTrue(e.getMessage().contains("auto, cpu or cuda"), e.getMessage());
    }

    @Test
    void preparedAvatarsAreOfferedByNameAndLoadedOnce() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        Path avatars = dir.resolve("avatars");
        AvatarStore.write(TestAvatars.synthetic("bob", 48, 40, 2, false), avatars.resolve("bob"), "bob.mp4");
        try (TalkingHead head = Providers.talkingHead("musetalk", Map.of("models", models.toString(),
                "avatars", avatars.toString(), "device", "cpu", "batch-size", "2"))) {
            assertEquals("musetalk", head.name());
            assertEquals(List.of("bob"), head.avatars());
            var bob = head.loadAvatar("bob");
            assertEquals(48, bob.width());
            assertSame(bob, head.loadAvatar(avatars.resolve("bob").toString()), "by path, the same avatar");
            var e = assertThrows(ConfigurationException.class, () -> head.loadAvatar("alice"));
            assertTrue(e.getMessage().contains("alice") && e.getMessage().contains("[bob]"), e.getMessage());
        }
    }
}
