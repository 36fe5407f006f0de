package dev.videochat.core.provider;

import dev.videochat.api.Stage;
import dev.videochat.api.UnknownProviderException;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.api.ConfigurationException;
import dev.videochat.core.config.Settings;
import dev.videochat.core.testing.ProviderCatalog;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvidersTest {

    /** Registered in this module's test resources, as an engine jar would register itself. */
    public static final class ToneProvider implements SpeechSynthesizerProvider {
        @Override
        public String name() {
            return "tone";
        }

        @Override
        public String description() {
            return "a 220 Hz tone, for tests";
        }

        @Override
        public Set<String> settingNames() {
            return Set.of("rate");
        }

        @Override
        public SpeechSynthesizer create(Map<String, String> settings) {
            Settings s = Settings.of(Stage.TTS, name(), settings, settingNames());
            return new SimulatedSynthesizer(s.getInt("rate", 16_000, 8_000, 48_000), 20, Duration.ZERO,
                    new StageLog());
        }
    }

    /** Declares no setting names, as a provider written before they existed; not registered. */
    public static final class UndeclaredProvider implements SpeechSynthesizerProvider {
        @Override
        public String name() {
            return "undeclared";
        }

        @Override
        public String description() {
            return "declares no settings, for tests";
        }

        @Override
        public SpeechSynthesizer create(Map<String, String> settings) {
            return new SimulatedSynthesizer(16_000, 20, Duration.ZERO, new StageLog());
        }
    }

    @Test
    void anEngineIsFoundByItsNameAndBuiltFromItsSettings() {
        SpeechSynthesizer tts = Providers.synthesizer("Tone", Map.of("rate", "22050"));
        assertEquals("simulated-tts", tts.name());
        assertTrue(Providers.names(SpeechSynthesizerProvider.class).contains("tone"));
    }

    @Test
    void anUnknownSettingIsRefusedBeforeTheProviderRunsNamingItAndTheKnownKeys() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Providers.synthesizer("tone", Map.of("rat", "22050")));
        assertEquals("[TTS/tone] unknown setting 'rat'; known: rate", e.getMessage());
    }

    @Test
    void aProviderThatDeclaresNoSettingNamesHasEveryKeyPassedOn() {
        UndeclaredProvider provider = new UndeclaredProvider();
        assertTrue(provider.settingNames().isEmpty());
        Settings.checkKnown(Stage.TTS, provider.name(), provider.settingNames(), Set.of("anything"));
    }

    @ParameterizedTest
    @MethodSource("dev.videochat.core.testing.ProviderCatalog#onClassPath")
    void everyProviderOnTheClassPathRefusesAnUnknownSetting(ProviderCatalog.Found found) {
        ProviderCatalog.assertRefusesUnknownKey(found);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        UnknownProviderException e = assertThrows(UnknownProviderException.class,
                () -> Providers.synthesizer("nope", Map.of()));
        assertEquals(Stage.TTS, e.stage());
        assertTrue(e.known().contains("tone"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("tone"), e.getMessage());
    }
}
