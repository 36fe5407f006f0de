package dev.videochat.examples.cli;

import dev.videochat.api.ConfigurationException;
import dev.videochat.core.pipeline.VideoChatEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VIDEOCHAT_* variables are one namespace for every engine a user switches between: one that only another
 * engine takes is left out (with a warning) rather than refused, while a bad value for the chosen engine still is.
 */
class EngineSettingsTest {

    private static EngineFactory factory(Path out, Map<String, String> env) throws Exception {
        return new EngineFactory(new ExampleConfig(Optional.empty(), env), out);
    }

    private static VideoChatEngine build(Path out, Map<String, String> env) throws Exception {
        return factory(out, env).build(false, Map.of());
    }

    @Test
    void aVariableOnlyAnotherEngineTakesDoesNotStopTheChosenOne(@TempDir Path out) throws Exception {
        // MuseTalk's model folder and face detector stay set while the user tries the sprite avatar.
        EngineFactory factory = factory(out, Map.of("VIDEOCHAT_THG", "sprite",
                "VIDEOCHAT_THG_MODELS", "/nowhere/musetalk", "VIDEOCHAT_THG_FACE_DETECTOR", "/nowhere/det.onnx",
                "VIDEOCHAT_TTS", "freetts", "VIDEOCHAT_TTS_VOICE_ZH", "zh"));
        try (VideoChatEngine engine = factory.build(false, Map.of())) {
            assertTrue(factory.avatars().size() >= 1, "the sprite's avatars: " + factory.avatars());
        }
    }

    @Test
    void aBadValueForTheChosenEngineIsStillRefusedNamingIt(@TempDir Path out) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> build(out,
                Map.of("VIDEOCHAT_THG", "sprite", "VIDEOCHAT_THG_SEED", "not-a-number")));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
    }
}
