package dev.videochat.examples.cli;

import dev.videochat.api.Provider;
import dev.videochat.api.Stage;
import dev.videochat.api.asr.SpeechRecognizerProvider;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatModelProvider;
import dev.videochat.api.media.MuxerProvider;
import dev.videochat.api.s2s.SpeechToSpeechModelProvider;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.api.tts.Voice;
import dev.videochat.api.vad.VoiceActivityDetectorProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.core.pipeline.PipelineObserver;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.provider.Providers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the engine the examples use from their configuration: engines chosen by name, defaults that need nothing. */
final class EngineFactory {

    private static final Logger log = LoggerFactory.getLogger(EngineFactory.class);

    /** The offline voices: English by FreeTTS in the JVM, Mandarin by espeak-ng where libespeak-ng1 is installed. */
    static final String DEFAULT_TTS = "offline";
    /** The CPU avatar that needs no weights. */
    static final String DEFAULT_THG = "sprite";
    /** In-process FFmpeg. */
    static final String DEFAULT_MUX = "ffmpeg";
    /** The voice activity detector that needs no model file. */
    static final String DEFAULT_VAD = "energy";
    /** The detector used when a model file is named ({@code videochat.vad.model}) but no detector. */
    static final String MODEL_VAD = "silero";

    /** How many voices an error lists before it only counts the rest. */
    private static final int LISTED_VOICES = 20;

    private final ExampleConfig config;
    private final Path outputDir;
    private SpeechSynthesizer tts;
    private TalkingHead thg;
    private final List<PipelineObserver> observers = new ArrayList<>();

    /** Engines from {@code config}, writing into {@code outputDir} ({@code --out}). */
    EngineFactory(ExampleConfig config, Path outputDir) {
        this.config = config;
        this.outputDir = outputDir;
    }

    /** Gives the engines built from now on {@code observer} (serve's metrics). */
    void observe(PipelineObserver observer) {
        observers.add(observer);
    }

    /** The folder outputs go to. */
    Path outputDir() {
        return outputDir;
    }

    /**
     * The engine; with {@code withLlm} it also needs a configured LLM.
     *
     * @throws dev.videochat.api.ConfigurationException naming what to set
     */
    VideoChatEngine build(boolean withLlm) {
        return build(withLlm, Map.of());
    }

    /**
     * The engine, with {@code muxDefaults} as muxer settings where the configuration sets none; a speech
     * recognizer joins when {@code videochat.asr} names one.
     *
     * @throws dev.videochat.api.ConfigurationException naming what to set
     */
    VideoChatEngine build(boolean withLlm, Map<String, String> muxDefaults) {
        return build(withLlm, muxDefaults, builder -> { });
    }

    private VideoChatEngine build(boolean withLlm, Map<String, String> muxDefaults,
                                  java.util.function.Consumer<VideoChatEngine.Builder> extra) {
        VideoChatEngine.Builder builder = VideoChatEngine.builder();
        observers.forEach(builder::observer);
        extra.accept(builder);
        if (withLlm) {
            builder.chatModel(chatModel());
        }
        config.get("videochat.asr").ifPresent(name ->
                builder.recognizer(Providers.recognizer(name, settings(SpeechRecognizerProvider.class, name,
                        "videochat.asr"))));
        builder.voiceActivityDetector(Providers.vad(vadName(), settings(VoiceActivityDetectorProvider.class,
                vadName(), "videochat.vad")));
        String ttsName = config.get("videochat.tts", DEFAULT_TTS);
        tts = Providers.synthesizer(ttsName, settings(SpeechSynthesizerProvider.class, ttsName, "videochat.tts"));
        builder.synthesizer(tts);
        String thgName = config.get("videochat.thg", DEFAULT_THG);
        thg = Providers.talkingHead(thgName, settings(TalkingHeadProvider.class, thgName, "videochat.thg"));
        builder.talkingHead(thg);
        String muxName = config.get("videochat.mux", DEFAULT_MUX);
        Map<String, String> mux = settings(MuxerProvider.class, muxName, "videochat.mux");
        mux.putIfAbsent("output-dir", outputDir().toString());
        muxDefaults.forEach(mux::putIfAbsent);
        builder.muxer(Providers.muxer(muxName, mux));
        config.get("videochat.min-chars").ifPresent(v -> builder.minChars(Integer.parseInt(v)));
        Settings deadlines = Settings.of(Stage.PIPELINE, "videochat", Map.of(
                "turn-timeout", config.get("videochat.turn-timeout", ""),
                "stage-idle-timeout", config.get("videochat.stage-idle-timeout", "")));
        builder.turnTimeout(deadlines.getDuration("turn-timeout", VideoChatEngine.DEFAULT_TURN_TIMEOUT));
        builder.stageIdleTimeout(deadlines.getDuration("stage-idle-timeout",
                VideoChatEngine.DEFAULT_STAGE_IDLE_TIMEOUT));
        return builder.build();
    }

    /**
     * The engine for speech-to-speech mode: the model named by {@code videochat.s2s} (default {@code realtime}, an
     * OpenAI-Realtime-protocol endpoint) with its settings under {@code videochat.s2s.}, in place of the LLM; the
     * TTS stays for {@code speak}.
     *
     * @throws dev.videochat.api.ConfigurationException naming what to set
     */
    VideoChatEngine buildSpeechToSpeech() {
        return buildSpeechToSpeech(Map.of());
    }

    /** {@link #buildSpeechToSpeech()} with {@code muxDefaults} as muxer settings where the configuration sets none. */
    VideoChatEngine buildSpeechToSpeech(Map<String, String> muxDefaults) {
        String s2sName = config.get("videochat.s2s", "realtime");
        var model = Providers.speechToSpeech(s2sName, settings(SpeechToSpeechModelProvider.class, s2sName,
                "videochat.s2s"));
        try {
            return build(false, muxDefaults, builder -> builder.speechToSpeech(model));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The voice activity detector hands-free listening uses: {@code videochat.vad} when set, else {@value #MODEL_VAD}
     * when a model file is named ({@code videochat.vad.model}), else {@value #DEFAULT_VAD}, which needs no model.
     */
    String vadName() {
        return config.get("videochat.vad").orElse(config.get("videochat.vad.model").isPresent() ? MODEL_VAD
                : DEFAULT_VAD);
    }

    /** Whether a speech-to-speech model is named ({@code videochat.s2s}): the web demo then answers with it. */
    boolean speechToSpeechConfigured() {
        return config.get("videochat.s2s").isPresent();
    }

    /** Whether a language model is named ({@code videochat.llm}). */
    boolean llmConfigured() {
        return config.get("videochat.llm").isPresent();
    }

    /** Whether a speech recognizer is named ({@code videochat.asr}). */
    boolean asrConfigured() {
        return config.get("videochat.asr").isPresent();
    }

    /** The avatars the talking head offers without a path; after {@link #build}. */
    List<String> avatars() {
        return thg.avatars();
    }

    /** The voices the synthesizer offers; after {@link #build}. */
    List<Voice> voices() {
        return tts.voices();
    }

    /**
     * The settings under {@code prefix} (the --config file, VIDEOCHAT_* variables, -D properties) that the provider
     * {@code name} takes. The variables are one namespace for every engine a user may switch between, so one set for
     * another engine (VIDEOCHAT_THG_MODELS while trying the sprite) is left out with a warning naming it, rather
     * than refused; in code, {@link Providers} refuses unknown keys. A provider that declares no names gets all.
     */
    private Map<String, String> settings(Class<? extends Provider<?>> type, String name, String prefix) {
        Map<String, String> all = new HashMap<>(config.under(prefix));
        Set<String> known = Providers.find(type, name).map(Provider::settingNames).orElse(Set.of());
        if (known.isEmpty()) {
            return all;
        }
        all.keySet().removeIf(key -> {
            if (Settings.isKnown(known, key)) {
                return false;
            }
            if (prefix.equals("videochat.thg") && key.equals("face-detector")) {
                return true; // prepare-avatar's setting, not the talking head's
            }
            log.warn("{} ({}.{}) is set but {} does not take it; ignored (it takes: {})",
                    ExampleConfig.envName(prefix + "." + key), prefix, key, name,
                    String.join(", ", new java.util.TreeSet<>(known)));
            return true;
        });
        return all;
    }

    ChatModel chatModel() {
        Optional<String> name = config.get("videochat.llm");
        if (name.isEmpty()) {
            throw new dev.videochat.api.ConfigurationException(Stage.LLM, "-",
                    "no language model is configured: set VIDEOCHAT_LLM=openai (with OPENAI_API_KEY), "
                            + "VIDEOCHAT_LLM=dashscope (with DASHSCOPE_API_KEY), VIDEOCHAT_LLM=ollama "
                            + "(with a local Ollama server) or VIDEOCHAT_LLM=openai-compatible (a local server such "
                            + "as vLLM or llama.cpp, with VIDEOCHAT_LLM_BASE_URL and VIDEOCHAT_LLM_MODEL)");
        }
        return Providers.chatModel(name.get(), settings(ChatModelProvider.class, name.get(), "videochat.llm"));
    }

    /**
     * Session options: avatar and voice from the configuration, when given; after {@link #build}.
     *
     * @throws dev.videochat.api.ConfigurationException when {@code videochat.voice} names a voice the synthesizer
     *                                                  does not list, naming it and the ones it does
     */
    SessionOptions.Builder sessionOptions() {
        SessionOptions.Builder options = SessionOptions.builder();
        config.get("videochat.avatar").ifPresent(options::avatar);
        config.get("videochat.voice").ifPresent(id -> options.voice(knownVoice(id)));
        return options;
    }

    private Voice knownVoice(String id) {
        List<Voice> voices = tts.voices();
        return voices.stream().filter(v -> v.id().equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> new dev.videochat.api.ConfigurationException(Stage.TTS, tts.name(),
                        "unknown voice '" + id + "' (VIDEOCHAT_VOICE); this engine's voices are " + list(voices)
                                + "; a voice of the engine's own that is not listed goes in VIDEOCHAT_TTS_VOICE"));
    }

    /** The voices' names, the first {@value #LISTED_VOICES} of a long list and how many there are in all. */
    private static String list(List<Voice> voices) {
        String names = String.join(", ", voices.stream().limit(LISTED_VOICES).map(Voice::id).toList());
        return voices.size() <= LISTED_VOICES ? names : names + ", ... (" + voices.size() + " in all)";
    }
}
