package dev.videochat.sprite;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

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
}
