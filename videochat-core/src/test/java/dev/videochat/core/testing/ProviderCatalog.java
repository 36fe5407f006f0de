package dev.videochat.core.testing;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Provider;
import dev.videochat.api.Stage;
import dev.videochat.api.asr.SpeechRecognizerProvider;
import dev.videochat.api.llm.ChatModelProvider;
import dev.videochat.api.media.MuxerProvider;
import dev.videochat.api.s2s.SpeechToSpeechModelProvider;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.api.vad.VoiceActivityDetectorProvider;
import dev.videochat.core.provider.Providers;
import org.junit.jupiter.api.function.Executable;

import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every provider of every stage on the test class path, for tests that hold all of them to one contract (a module
 * runs them over its own providers and whatever else its tests see).
 */
public final class ProviderCatalog {

    /** A key no provider knows. */
    public static final String UNKNOWN_KEY = "no-such-setting";

    /** One provider and the stage it serves. */
    public record Found(Stage stage, Provider<?> provider) {
        @Override
        public String toString() {
            return stage + "/" + provider.name();
        }
    }

    private ProviderCatalog() {
    }

    /** The providers of every stage, found as {@link Providers} finds them. */
    public static Stream<Found> onClassPath() {
        return Stream.of(
                found(Stage.LLM, ChatModelProvider.class), found(Stage.TTS, SpeechSynthesizerProvider.class),
                found(Stage.THG, TalkingHeadProvider.class), found(Stage.MUX, MuxerProvider.class),
                found(Stage.ASR, SpeechRecognizerProvider.class), found(Stage.S2S, SpeechToSpeechModelProvider.class),
                found(Stage.VAD, VoiceActivityDetectorProvider.class)).flatMap(s -> s);
    }

    /**
     * Asserts that {@code found} declares its setting keys and that an unknown key is refused, both through
     * {@link Providers} and by the provider's own {@code create}, with a message naming the key, the provider and
     * the known keys in sorted order; the key is refused before anything else is checked or loaded.
     */
    public static void assertRefusesUnknownKey(Found found) {
        Provider<?> provider = found.provider();
        assertFalse(provider.settingNames().isEmpty(), found + " declares no setting names");
        String expected = "[" + found.stage() + "/" + provider.name() + "] unknown setting '" + UNKNOWN_KEY
                + "'; known: " + String.join(", ", new TreeSet<>(provider.settingNames()));
        Map<String, String> settings = Map.of(UNKNOWN_KEY, "1");
        assertRefused(expected, () -> byName(found, settings));
        assertRefused(expected, () -> provider.create(settings));
    }

    private static void assertRefused(String expected, Executable creation) {
        ConfigurationException e = assertThrows(ConfigurationException.class, creation);
        assertEquals(expected, e.getMessage());
    }

    private static Object byName(Found found, Map<String, String> settings) {
        String name = found.provider().name();
        return switch (found.stage()) {
            case LLM -> Providers.chatModel(name, settings);
            case TTS -> Providers.synthesizer(name, settings);
            case THG -> Providers.talkingHead(name, settings);
            case MUX -> Providers.muxer(name, settings);
            case ASR -> Providers.recognizer(name, settings);
            case S2S -> Providers.speechToSpeech(name, settings);
            case VAD -> Providers.vad(name, settings);
            default -> throw new IllegalArgumentException("no providers for " + found.stage());
        };
    }

    private static <P extends Provider<?>> Stream<Found> found(Stage stage, Class<P> type) {
        return Providers.all(type).stream().map(p -> new Found(stage, p));
    }
}
