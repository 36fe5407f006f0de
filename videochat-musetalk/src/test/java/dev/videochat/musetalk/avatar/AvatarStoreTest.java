package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvatarStoreTest {

    @TempDir
    Path dir;

    @Test
    void whatIsWrittenReadsBackTheSame() throws Exception {
        PreparedAvatar avatar = TestAvatars.synthetic("anna", 40, 30, 3, true);
        Path folder = dir.resolve("avatars").resolve("anna");
        AvatarStore.write(avatar, folder, "anna.mp4");
        assertTrue(AvatarStore.isAvatar(folder));
        assertEquals(1, AvatarStore.list(dir.resolve("avatars")).size());
        PreparedAvatar back = AvatarStore.read(folder);
        assertEquals("anna", back.id());
        assertEquals(avatar.version(), back.version());
        assertEquals(40, back.width());
        assertEquals(30, back.height());
        assertEquals(25, back.fps());
        assertEquals(3, back.frameCount());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(avatar.frame(i), back.frame(i));
            assertEquals(avatar.region(i), back.region(i));
            assertArrayEquals(avatar.mask(i), back.mask(i));
            assertArrayEquals(avatar.latent(i), back.latent(i));
        }
        // Only the finished folder is left: no temporary siblings.
        try (var children = Files.list(dir.resolve("avatars"))) {
            assertEquals(1, children.count());
        }
    }

    @Test
    void writingAgainReplacesTheAvatar() throws Exception {
        Path folder = dir.resolve("a");
        AvatarStore.write(TestAvatars.synthetic("a", 40, 30, 3, false), folder, "x");
        AvatarStore.write(TestAvatars.synthetic("a", 40, 30, 2, false), folder, "y");
        assertEquals(2, AvatarStore.read(folder).frameCount());
        assertFalse(Files.exists(folder.resolve("frames").resolve(AvatarStore.name(2))));
    }

    @Test
    void aFolderThatIsNotAnAvatarIsNeverOverwritten() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(folder.resolve("keep.txt"), "mine");
        var e = assertThrows(java.io.IOException.class,
                () -> AvatarStore.write(TestAvatars.synthetic("docs", 40, 30, 1, false), folder, "x"));
        assertTrue(e.getMessage().contains("not a prepared avatar"), e.getMessage());
        assertEquals("mine", Files.readString(folder.resolve("keep.txt")));
    }

    @Test
    void damagedAvatarsAreReportedNamingTheFile() throws Exception {
        Path folder = dir.resolve("b");
        AvatarStore.write(TestAvatars.synthetic("b", 40, 30, 2, false), folder, "x");
        Path latents = folder.resolve("latents.f32");
        byte[] bytes = Files.readAllBytes(latents);
        Files.write(latents, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        var e = assertThrows(ConfigurationException.class, () -> AvatarStore.read(folder));
        assertTrue(e.getMessage().contains("latents.f32") && e.getMessage().contains("expected"), e.getMessage());

        Files.write(latents, bytes);
        Files.delete(folder.resolve("masks").resolve(AvatarStore.name(1)));
        e = assertThrows(ConfigurationException.class, () -> AvatarStore.read(folder));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("000001.png"), e.getMessage());

        Files.writeString(folder.resolve(AvatarStore.DESCRIPTION), "{\"format\": \"something else\"}");
        e = assertThrows(ConfigurationException.class, () -> AvatarStore.read(folder));
        assertTrue(e.getMessage().contains("not a MuseTalk avatar description"), e.getMessage());

        Files.writeString(folder.resolve(AvatarStore.DESCRIPTION), "{\"format\": ");
        e = assertThrows(ConfigurationException.class, () -> AvatarStore.read(folder));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void aFolderWithoutADescriptionSaysHowToMakeOne() {
        var e = assertThrows(ConfigurationException.class, () -> AvatarStore.read(dir));
        assertTrue(e.getMessage().contains("prepare-avatar"), e.getMessage());
    }
}
