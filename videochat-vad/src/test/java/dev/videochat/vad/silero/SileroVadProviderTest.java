package dev.videochat.vad.silero;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.config.Settings;
import dev.videochat.core.provider.Providers;
import dev.videochat.vad.testmodels.TinySileroModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SileroVadProviderTest {

    @TempDir
    Path dir;

    private final SileroVadProvider noEnvironment = new SileroVadProvider(name -> null);

    @Test
    void theProviderIsFoundByNameAndLoadsTheModelNamedByTheSetting() throws Exception {
        Path model = TinySileroModel.write(dir);
        try (VoiceActivityDetector vad = Providers.vad("silero", Map.of("model", model.toString()))) {
            SileroVad silero = assertInstanceOf(SileroVad.class, vad);
            assertEquals(model, silero.file());
        }
    }

    @Test
    void aMissingModelFileIsAConfigurationErrorNamingTheSetting() {
        Path missing = dir.resolve("nowhere/silero_vad.onnx");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> noEnvironment.create(Map.of("model", missing.toString())));
        assertEquals(Stage.VAD, e.stage());
        assertEquals("silero", e.provider());
        assertTrue(e.getMessage().contains("setting 'model' names " + missing.toAbsolutePath() + ", which is not a file"),
                e.getMessage());
        assertTrue(e.getMessage().contains("snakers4/silero-vad"), "says where to get it: " + e.getMessage());
    }

    @Test
    void withoutAnySettingTheErrorNamesEveryWayToGiveTheModel() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> noEnvironment.create(Map.of()));
        assertTrue(e.getMessage().contains("set 'model' or 'models-dir'"), e.getMessage());
        assertTrue(e.getMessage().contains("pass .model(..)") && e.getMessage().contains(".modelsDir(..)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("VIDEOCHAT_VAD_MODEL"), e.getMessage());
    }

    @Test
    void modelsDirFindsTheFileInsideItOrInASileroVadFolder() throws Exception {
        Path flat = TinySileroModel.write(Files.createDirectories(dir.resolve("flat")));
        Path nested = TinySileroModel.write(Files.createDirectories(dir.resolve("nested/silero_vad")));

        assertEquals(flat, noEnvironment.modelFile(settings(Map.of("models-dir", dir.resolve("flat").toString()))));
        assertEquals(nested, noEnvironment.modelFile(settings(Map.of("models-dir", dir.resolve("nested").toString()))));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> noEnvironment.modelFile(settings(Map.of("models-dir", dir.toString()))));
        assertTrue(e.getMessage().contains("setting 'models-dir' names"), e.getMessage());
    }

    @Test
    void theEnvironmentVariableNamesTheFileWhenNoSettingDoes() throws Exception {
        Path model = TinySileroModel.write(dir);
        SileroVadProvider provider = new SileroVadProvider(
                name -> name.equals("VIDEOCHAT_VAD_MODEL") ? model.toString() : null);

        assertEquals(model, provider.modelFile(settings(Map.of())));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new SileroVadProvider(
                name -> dir.resolve("gone.onnx").toString()).modelFile(settings(Map.of())));
        assertTrue(e.getMessage().contains("environment variable VIDEOCHAT_VAD_MODEL names"), e.getMessage());
    }

    @Test
    void theModelSettingWinsOverModelsDirAndTheEnvironment() throws Exception {
        Path model = TinySileroModel.write(Files.createDirectories(dir.resolve("chosen")));
        SileroVadProvider provider = new SileroVadProvider(name -> "/elsewhere/silero_vad.onnx");

        assertEquals(model, provider.modelFile(settings(Map.of("model", model.toString(),
                "models-dir", "/elsewhere"))));
    }

    @Test
    void aBadThreadCountIsAConfigurationErrorNamingTheSetting() throws Exception {
        Path model = TinySileroModel.write(dir);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> noEnvironment.create(Map.of("model", model.toString(), "threads", "0")));
        assertTrue(e.getMessage().contains("setting 'threads' must be 1..64, got 0"), e.getMessage());
    }

    private static Settings settings(Map<String, String> values) {
        return Settings.of(Stage.VAD, "silero", values);
    }

    @Test
    void theBuilderLoadsTheSameModelAsTheSettingsAndNamesItsMethods() throws Exception {
        Path model = TinySileroModel.write(dir);
        try (SileroVad built = (SileroVad) SileroVad.builder().modelsDir(dir).threads(2).environment(name -> null)
                .build();
             SileroVad named = (SileroVad) noEnvironment.create(Map.of("models-dir", dir.toString(),
                     "threads", "2"))) {
            assertEquals(model, built.file());
            assertEquals(built.file(), named.file());
            short[] frame = new short[SileroVad.FRAME_SAMPLES];
            try (var a = built.open(); var b = named.open()) {
                assertEquals(a.speechProbability(frame), b.speechProbability(frame));
            }
        }
        Path missing = dir.resolve("nowhere.onnx");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SileroVad.builder().model(missing).build());
        assertTrue(e.getMessage().startsWith("[VAD/silero] model(Path) names " + missing.toAbsolutePath()
                + ", which is not a file"), e.getMessage());
        assertEquals("[VAD/silero] threads(int) must be 1..64, got 0", assertThrows(ConfigurationException.class,
                () -> SileroVad.builder().threads(0)).getMessage());
    }
}
