package dev.videochat.sprite;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.api.video.VideoFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpriteProviderTest {

    @Test
    void theProviderIsFoundByItsNameThroughTheServiceLoader() {
        TalkingHeadProvider sprite = ServiceLoader.load(TalkingHeadProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("sprite")).findFirst().orElseThrow();
        try (TalkingHead head = sprite.create(Map.of())) {
            assertEquals("sprite", head.name());
            assertEquals(List.of("default", "ada"), head.avatars());
            Avatar avatar = head.loadAvatar("default");
            assertEquals(512, avatar.width());
            assertEquals(25, avatar.fps());
            assertEquals(avatar, head.animate(avatar).avatar());
        }
    }

    @Test
    void anUnknownAvatarNamesTheBuiltInOnes() {
        TalkingHead head = new SpriteProvider().create(Map.of("seed", "3"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> head.loadAvatar("bob"));
        assertTrue(e.getMessage().contains("'bob'") && e.getMessage().contains("default, ada"), e.getMessage());
    }

    @Test
    void aBadSeedIsReported() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new SpriteProvider().create(Map.of("seed", "x")));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
    }

    @Test
    void anAvatarFromAnotherEngineIsRefused() {
        TalkingHead one = new SpriteProvider().create(Map.of());
        TalkingHead two = new SpriteProvider().create(Map.of());
        Avatar avatar = one.loadAvatar("default");
        assertThrows(IllegalArgumentException.class, () -> two.animate(avatar));
    }

    @Test
    void theBuilderAndTheSeedSettingAnimateTheSameFrames() throws InterruptedException {
        try (SpriteTalkingHead built = (SpriteTalkingHead) SpriteTalkingHead.builder().seed(11).build();
             SpriteTalkingHead named = (SpriteTalkingHead) new SpriteProvider().create(Map.of("seed", "11"))) {
            assertEquals(11, built.seed());
            assertEquals(built.seed(), named.seed());
            List<byte[]> a = new ArrayList<>();
            List<byte[]> b = new ArrayList<>();
            built.animate(built.loadAvatar("default")).idle(50, frame -> a.add(bytes(frame)));
            named.animate(named.loadAvatar("default")).idle(50, frame -> b.add(bytes(frame)));
            assertEquals(50, a.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i), "frame " + i);
            }
        }
    }

    private static byte[] bytes(VideoFrame frame) {
        byte[] out = new byte[frame.pixels().capacity()];
        frame.pixels().duplicate().get(out);
        return out;
    }

    @Test
    void anUnknownSettingIsRefusedListingTheKnownOne() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new SpriteProvider().create(Map.of("sead", "1")));
        assertEquals("[THG/sprite] unknown setting 'sead'; known: seed", e.getMessage());
    }
}
