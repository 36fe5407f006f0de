package dev.videochat.examples.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which voice activity detector the examples listen with: VIDEOCHAT_VAD, else silero with a model, else energy. */
class VadSettingTest {

    private static String vad(Map<String, String> env) throws Exception {
        return new EngineFactory(new ExampleConfig(Optional.empty(), env), Path.of("out")).vadName();
    }

    @Test
    void withNothingSetTheEnergyDetectorNeedsNoModel() throws Exception {
        assertEquals("energy", vad(Map.of()));
    }

    @Test
    void aModelFileAloneChoosesSilero() throws Exception {
        assertEquals("silero", vad(Map.of("VIDEOCHAT_VAD_MODEL", "/models/silero_vad.onnx")));
    }

    @Test
    void aNamedDetectorWins() throws Exception {
        assertEquals("energy", vad(Map.of("VIDEOCHAT_VAD", "energy", "VIDEOCHAT_VAD_MODEL", "/m/silero_vad.onnx")));
    }
}
