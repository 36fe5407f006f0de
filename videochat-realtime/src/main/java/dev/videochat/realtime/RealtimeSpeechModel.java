package dev.videochat.realtime;

import dev.videochat.api.s2s.SpeechConversation;
import dev.videochat.api.Stage;
import dev.videochat.api.s2s.SpeechToSpeechModel;
import dev.videochat.core.config.BuilderChecks;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * A speech-to-speech model behind the OpenAI Realtime protocol (OpenAI, Qwen-Omni-Realtime, a server of your
 * own). Each {@link #open} is one WebSocket holding one conversation. Thread-safe; close it to close every
 * conversation it opened.
 *
 * <pre>{@code
 * SpeechToSpeechModel s2s = RealtimeSpeechModel.builder(RealtimePreset.DASHSCOPE)
 *         .apiKey(System.getenv("DASHSCOPE_API_KEY"))   // or leave it out: read from DASHSCOPE_API_KEY
 *         .voice("Cherry").instructions("Be brief.")
 *         .build();
 * }</pre>
 * The {@code realtime} provider maps its settings onto {@link #builder(RealtimePreset)}.
 */
public final class RealtimeSpeechModel implements SpeechToSpeechModel {

    private final RealtimeSettings settings;
    private final HttpClient client;
    private final ScheduledExecutorService timers;
    private final Set<RealtimeConversation> open = ConcurrentHashMap.newKeySet();

    /** A model reached with {@code settings}; nothing connects until {@link #open}. */
    RealtimeSpeechModel(RealtimeSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "realtime-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder with the {@link RealtimePreset#OPENAI} defaults (model {@code gpt-4o-realtime-preview}). */
    public static Builder builder() {
        return builder(RealtimePreset.OPENAI);
    }

    /** A builder starting from {@code preset}'s defaults. */
    public static Builder builder(RealtimePreset preset) {
        return new Builder(Objects.requireNonNull(preset, "preset"));
    }

    @Override
    public String name() {
        return RealtimeProvider.NAME;
    }

    /** The settings this model was made with. */
    public RealtimeSettings settings() {
        return settings;
    }

    /**
     * Connects and configures the session (voice, formats, turn detection, instructions).
     *
     * @param instructions the system prompt; empty: the one in the settings, if any
     * @throws dev.videochat.api.RemoteServiceException when the server cannot be reached or refuses the key
     */
    @Override
    public SpeechConversation open(Optional<String> instructions) {
        Objects.requireNonNull(instructions, "instructions");
        RealtimeConversation[] self = new RealtimeConversation[1];
        RealtimeConversation c = RealtimeConversation.open(settings, client, timers, instructions,
                () -> open.remove(self[0]));
        self[0] = c;
        open.add(c);
        return c;
    }

    @Override
    public void close() {
        for (RealtimeConversation c : open) {
            c.close();
        }
        timers.shutdown();
    }

    /**
     * Builds a {@link RealtimeSpeechModel}; each method checks its value and names itself when it is wrong.
     *
     * <p>The key: {@link #apiKey(String)} when given, else the environment variable {@link #apiKeyEnv(String)}
     * names (the preset's own by default). The hosted services ({@code api.openai.com}, {@code *.aliyuncs.com})
     * need one: without it {@link #build()} fails naming the variable, {@code apiKey(..)} and the {@code api-key}
     * setting. A server of your own gets the key only if there is one.
     */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.S2S, RealtimeProvider.NAME,
                "RealtimeSpeechModel.builder()");

        private URI baseUrl;
        private String model;
        private String voice;
        private String instructions;
        private String apiKey;
        private String apiKeyEnv;
        private boolean openAiBetaHeader;
        private String inputAudioFormat = "pcm16";
        private int inputSampleRate = 24_000;
        private String outputAudioFormat = "pcm16";
        private int outputSampleRate = 24_000;
        private boolean serverVad;
        private String inputTranscriptionModel;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Function<String, String> environment = System::getenv;

        private Builder(RealtimePreset preset) {
            preset.applyTo(this);
        }

        /**
         * The WebSocket endpoint, {@code ws://} or {@code wss://}; {@code model=} is added to its query unless it
         * names one.
         */
        public Builder baseUrl(URI url) {
            String method = "baseUrl(URI)";
            CHECK.notNull(method, url);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (url.getHost() == null || !(scheme.equals("ws") || scheme.equals("wss"))) {
                throw CHECK.invalid(method, "must be a ws:// or wss:// URL with a host, got '" + url + "'");
            }
            this.baseUrl = url;
            return this;
        }

        /** The model, sent as the {@code model} query parameter. */
        public Builder model(String model) {
            this.model = CHECK.notBlank("model(String)", model);
            return this;
        }

        /** The voice of the answers. */
        public Builder voice(String voice) {
            this.voice = CHECK.notBlank("voice(String)", voice);
            return this;
        }

        /** The system prompt used when a conversation is opened without one (default none). */
        public Builder instructions(String instructions) {
            this.instructions = CHECK.notBlank("instructions(String)", instructions);
            return this;
        }

        /** The API key; it wins over the environment variable. Never logged. */
        public Builder apiKey(String key) {
            this.apiKey = CHECK.notBlank("apiKey(String)", key);
            return this;
        }

        /** The environment variable holding the key (default the preset's own). */
        public Builder apiKeyEnv(String variable) {
            this.apiKeyEnv = CHECK.notBlank("apiKeyEnv(String)", variable);
            return this;
        }

        /** Whether the handshake sends {@code OpenAI-Beta: realtime=v1} (OpenAI's beta event names). */
        public Builder openAiBetaHeader(boolean send) {
            this.openAiBetaHeader = send;
            return this;
        }

        /** The input format's wire name, a PCM format (default {@code pcm16}). */
        public Builder inputAudioFormat(String format) {
            String method = "inputAudioFormat(String)";
            String f = CHECK.notBlank(method, format);
            if (!f.startsWith("pcm")) {
                throw CHECK.invalid(method, "must be a PCM format (pcm16), got '" + f + "'");
            }
            this.inputAudioFormat = f;
            return this;
        }

        /** The rate the user's audio is resampled to before it is sent, 8,000 to 48,000 Hz (default 24,000). */
        public Builder inputSampleRate(int hz) {
            this.inputSampleRate = CHECK.range("inputSampleRate(int)", hz, 8_000, 48_000);
            return this;
        }

        /** The output format's wire name: {@code pcm16} (default) or {@code pcm24} (Qwen3-Omni), both 16-bit PCM. */
        public Builder outputAudioFormat(String format) {
            String method = "outputAudioFormat(String)";
            String f = CHECK.notBlank(method, format);
            if (!RealtimeSettings.PCM_OUTPUT_FORMATS.contains(f)) {
                throw CHECK.invalid(method, "names '" + f + "', which is not a format this client reads; use pcm16 "
                        + "(or pcm24 for Qwen3-Omni), 16-bit mono PCM");
            }
            this.outputAudioFormat = f;
            return this;
        }

        /** The rate of the answer's audio, 8,000 to 48,000 Hz (default 24,000). */
        public Builder outputSampleRate(int hz) {
            this.outputSampleRate = CHECK.range("outputSampleRate(int)", hz, 8_000, 48_000);
            return this;
        }

        /** Whether the server's VAD commits the input and starts responses (default off: the SDK's VAD decides). */
        public Builder serverVad(boolean on) {
            this.serverVad = on;
            return this;
        }

        /** Ask the server to transcribe the user's audio with this model, such as {@code whisper-1} (default none). */
        public Builder inputTranscriptionModel(String model) {
            this.inputTranscriptionModel = CHECK.notBlank("inputTranscriptionModel(String)", model);
            return this;
        }

        /** The longest wait for the handshake (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = CHECK.positive("connectTimeout(Duration)", timeout);
            return this;
        }

        /** The longest silence from the server while a response runs (default 30 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = CHECK.positive("idleTimeout(Duration)", timeout);
            return this;
        }

        /** For tests: {@code lookup} stands in for {@link System#getenv(String)}. */
        Builder environment(Function<String, String> lookup) {
            this.environment = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * The model; nothing connects until {@link RealtimeSpeechModel#open}.
         *
         * @throws dev.videochat.api.ConfigurationException when a hosted service's key is missing, naming the
         *                                                  variable, {@code apiKey(..)} and the {@code api-key} setting
         */
        public SpeechToSpeechModel build() {
            return new RealtimeSpeechModel(settings());
        }

        RealtimeSettings settings() {
            Optional<String> key = Optional.ofNullable(apiKey)
                    .or(() -> Optional.ofNullable(environment.apply(apiKeyEnv)).map(String::strip)
                            .filter(k -> !k.isEmpty()));
            if (key.isEmpty() && needsKey(baseUrl)) {
                throw CHECK.missingSecret(apiKeyEnv, "apiKey", "api-key", baseUrl.getHost() + " needs one; a server "
                        + "of your own does not (RealtimePreset.LOCAL, the preset 'local')");
            }
            return new RealtimeSettings(baseUrl, model, voice, Optional.ofNullable(instructions), apiKeyEnv, key,
                    apiKey != null, openAiBetaHeader, inputAudioFormat, inputSampleRate, outputAudioFormat,
                    outputSampleRate, serverVad, Optional.ofNullable(inputTranscriptionModel), connectTimeout,
                    idleTimeout);
        }

        private static boolean needsKey(URI url) {
            String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
            return host.equals("api.openai.com") || host.endsWith(".aliyuncs.com");
        }
    }
}
