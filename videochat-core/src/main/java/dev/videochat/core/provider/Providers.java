package dev.videochat.core.provider;

import dev.videochat.api.Provider;
import dev.videochat.api.Stage;
import dev.videochat.api.UnknownProviderException;
import dev.videochat.api.asr.SpeechRecognizerProvider;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatModelProvider;
import dev.videochat.api.media.MuxerProvider;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.api.s2s.SpeechToSpeechModel;
import dev.videochat.api.s2s.SpeechToSpeechModelProvider;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.api.vad.VoiceActivityDetectorProvider;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds stage engines by name with {@link ServiceLoader}: an application swaps an engine by adding its jar and
 * naming it. An unknown name fails with the list of names that were found, and a setting key the provider does not
 * declare ({@link Provider#settingNames()}) with the list of its known keys. Each engine module also offers a typed
 * builder in code (for example {@code OpenAiChatModel.builder()}), which these settings are mapped onto.
 *
 * <pre>{@code
 * SpeechSynthesizer tts = Providers.synthesizer("freetts", Map.of());
 * }</pre>
 */
public final class Providers {

    private Providers() {
    }

    /** Creates the LLM engine named {@code name}. */
    public static ChatModel chatModel(String name, Map<String, String> settings) {
        return create(ChatModelProvider.class, Stage.LLM, name, settings);
    }

    /** Creates the TTS engine named {@code name}. */
    public static SpeechSynthesizer synthesizer(String name, Map<String, String> settings) {
        return create(SpeechSynthesizerProvider.class, Stage.TTS, name, settings);
    }

    /** Creates the talking-head engine named {@code name}. */
    public static TalkingHead talkingHead(String name, Map<String, String> settings) {
        return create(TalkingHeadProvider.class, Stage.THG, name, settings);
    }

    /** Creates the media engine named {@code name}. */
    public static Muxer muxer(String name, Map<String, String> settings) {
        return create(MuxerProvider.class, Stage.MUX, name, settings);
    }

    /** Creates the ASR engine named {@code name}. */
    public static SpeechRecognizer recognizer(String name, Map<String, String> settings) {
        return create(SpeechRecognizerProvider.class, Stage.ASR, name, settings);
    }

    /** Creates the speech-to-speech model named {@code name}. */
    public static SpeechToSpeechModel speechToSpeech(String name, Map<String, String> settings) {
        return create(SpeechToSpeechModelProvider.class, Stage.S2S, name, settings);
    }

    /** Creates the voice activity detector named {@code name}. */
    public static VoiceActivityDetector vad(String name, Map<String, String> settings) {
        return create(VoiceActivityDetectorProvider.class, Stage.VAD, name, settings);
    }

    /** The providers of a service type on the class path, in discovery order. */
    public static <P extends Provider<?>> List<P> all(Class<P> type) {
        List<P> found = new ArrayList<>();
        ServiceLoader.load(type, Providers.class.getClassLoader()).forEach(found::add);
        if (Thread.currentThread().getContextClassLoader() != null
                && Thread.currentThread().getContextClassLoader() != Providers.class.getClassLoader()) {
            for (P p : ServiceLoader.load(type)) {
                if (found.stream().noneMatch(q -> q.name().equals(p.name()))) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    /** The provider of {@code type} named {@code name}, if one is on the class path. */
    public static <P extends Provider<?>> Optional<P> find(Class<P> type, String name) {
        return all(type).stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The names of the providers of {@code type} on the class path. */
    public static List<String> names(Class<? extends Provider<?>> type) {
        List<String> names = new ArrayList<>();
        for (Provider<?> p : all(type)) {
            names.add(p.name());
        }
        return names;
    }

    private static <T, P extends Provider<T>> T create(Class<P> type, Stage stage, String name,
                                                       Map<String, String> settings) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(stage + " provider name must not be blank");
        }
        P provider = find(type, name.strip()).orElseThrow(() -> new UnknownProviderException(stage, name, names(type)));
        Map<String, String> given = settings == null ? Map.of() : settings;
        Settings.checkKnown(stage, provider.name(), provider.settingNames(), given.keySet());
        return provider.create(given);
    }
}
