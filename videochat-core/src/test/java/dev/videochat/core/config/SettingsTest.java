package dev.videochat.core.config;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    private static final Set<String> KNOWN = Set.of("model", "base-url", "api-key-env", "header.*");
    private static final BuilderChecks CHECK = new BuilderChecks(Stage.LLM, "test", "Test.builder()");

    @Test
    void anUnknownKeyIsNamedWithTheProviderAndTheKnownKeysSorted() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Settings.of(Stage.LLM, "openai", Map.of("modle", "x", "model", "y"), KNOWN));
        assertEquals("[LLM/openai] unknown setting 'modle'; known: api-key-env, base-url, header.*, model",
                e.getMessage());
    }

    @Test
    void aFamilyTakesEveryKeyUnderItsPrefixButNotThePrefixAlone() {
        Settings.of(Stage.LLM, "openai", Map.of("header.OpenAI-Organization", "org"), KNOWN);
        assertThrows(ConfigurationException.class, () -> Settings.of(Stage.LLM, "openai", Map.of("header.", "x"),
                KNOWN));
    }

    @Test
    void noKnownKeysMeansNothingIsChecked() {
        Settings.checkKnown(Stage.LLM, "any", Set.of(), Set.of("whatever"));
    }

    @Test
    void aViewUnderAPrefixNamesKeysAsTheyWereWritten() {
        Settings s = Settings.of(Stage.TTS, "offline", Map.of("freetts.rate", "abc", "voice", "kevin16"));
        Settings freetts = s.under("freetts.", Set.of("rate", "pitch"));
        assertEquals(Set.of("rate"), freetts.keys());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> freetts.ifDouble("rate", rate -> { }));
        assertEquals("[TTS/offline] setting 'freetts.rate' must be a number, got 'abc'", e.getMessage());

        ConfigurationException unknown = assertThrows(ConfigurationException.class, () -> Settings.of(Stage.TTS,
                "offline", Map.of("freetts.rat", "1")).under("freetts.", Set.of("rate", "pitch")));
        assertEquals("[TTS/offline] unknown setting 'freetts.rat'; known: freetts.pitch, freetts.rate",
                unknown.getMessage());
    }

    @Test
    void aValueTheBuilderRefusesIsReportedUnderTheSettingsName() {
        Settings s = Settings.of(Stage.LLM, "test", Map.of("temperature", "3"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> s.ifDouble("temperature", t -> CHECK.range("temperature(double)", t, 0, 2)));
        assertEquals("[LLM/test] setting 'temperature' must be 0..2, got 3", e.getMessage());
        assertTrue(e.getCause() instanceof InvalidValueException, "the builder's own exception is the cause");
    }

    @Test
    void unsetKeysLeaveTheBuilderAlone() {
        List<Object> calls = new ArrayList<>();
        Settings s = Settings.of(Stage.LLM, "test", Map.of("blank", " "));
        s.ifSet("blank", calls::add);
        s.ifInt("missing", calls::add);
        s.ifDuration("missing", calls::add);
        assertEquals(List.of(), calls);
    }

    @Test
    void eachKindOfValueIsParsedBeforeItReachesTheBuilder() {
        Settings s = Settings.of(Stage.THG, "test", Map.of("n", "7", "big", "9000000000", "x", "0.25",
                "on", "yes", "wait", "1h", "url", "ws://127.0.0.1:9/x", "dir", "some/folder",
                "search", "same-as-requested"));
        List<Object> got = new ArrayList<>();
        s.ifInt("n", got::add);
        s.ifLong("big", got::add);
        s.ifDouble("x", got::add);
        s.ifBoolean("on", got::add);
        s.ifDuration("wait", got::add);
        s.ifUri("url", u -> got.add(u.getHost()));
        s.ifPath("dir", got::add);
        s.ifChoice("search", Kind.class, got::add);
        assertEquals(List.of(7, 9_000_000_000L, 0.25, true, Duration.ofHours(1), "127.0.0.1", Path.of("some/folder"),
                Kind.SAME_AS_REQUESTED), got);
    }

    @Test
    void aChoiceThatIsNoneOfTheConstantsListsThem() {
        Settings s = Settings.of(Stage.THG, "test", Map.of("search", "fast"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> s.ifChoice("search", Kind.class, k -> { }));
        assertEquals("[THG/test] setting 'search' must be one of next-power-of-two, same-as-requested; got 'fast'",
                e.getMessage());
    }

    @Test
    void aValueRefusedOnlyAtBuildTimeIsReportedUnderItsSettingsName() {
        Settings s = Settings.of(Stage.TTS, "test", Map.of("voice", "nosuch"));
        BuilderChecks check = new BuilderChecks(Stage.TTS, "test", "Test.builder()");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> s.build(() -> {
            throw check.invalid("voice(String)", "names 'nosuch', which this engine does not have");
        }, Map.of("voice(String)", "voice")));
        assertEquals("[TTS/test] setting 'voice' names 'nosuch', which this engine does not have", e.getMessage());

        BuilderChecks other = new BuilderChecks(Stage.TTS, "inner", "Inner.builder()");
        InvalidValueException inner = other.invalid("voice(String)", "names 'x'");
        assertSame(inner, assertThrows(InvalidValueException.class, () -> s.build(() -> {
            throw inner;
        }, Map.of("voice(String)", "voice"))), "another provider's refusal is passed on as it is");
        assertEquals("built", s.build(() -> "built", Map.of()));
    }

    @Test
    void theBuilderChecksNameTheMethod() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> CHECK.positive("readTimeout(Duration)", Duration.ZERO));
        assertEquals("[LLM/test] readTimeout(Duration) must be longer than 0, got PT0S", e.getMessage());
        assertEquals("must be longer than 0, got PT0S", e.problem());
        assertSame(Stage.LLM, e.stage());
    }

    @Test
    void aMissingSecretNamesTheVariableTheBuilderMethodAndTheSetting() {
        assertEquals("[LLM/test] TEST_API_KEY is not set: export it, or pass .apiKey(..) to Test.builder(), or the "
                + "'api-key' setting", CHECK.missingSecret("TEST_API_KEY", "apiKey", "api-key", null).getMessage());
    }

    private enum Kind { NEXT_POWER_OF_TWO, SAME_AS_REQUESTED }
}
