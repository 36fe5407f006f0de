package dev.videochat.realtime;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach a server speaking the OpenAI Realtime protocol and what to ask of it. Immutable; build one with
 * {@link #openAi(String)}, {@link #dashScope(String)}, {@link #local(URI)} or {@link #builder()}, or from the
 * provider's plain settings. The API key is read from the environment variable named by {@code apiKeyEnv} and
 * never appears in {@link #toString()} or in any message.
 */
public final class RealtimeSettings {

    /** The output formats this client reads: both are 16-bit little-endian mono PCM, at {@link #outputSampleRate()}. */
    static final Set<String> PCM_OUTPUT_FORMATS = Set.of("pcm16", "pcm24");

    private final URI baseUrl;
    private final String model;
    private final String voice;
    private final Optional<String> instructions;
    private final String apiKeyEnv;
    private final Optional<String> apiKey;
    private final boolean openAiBetaHeader;
    private final String inputAudioFormat;
    private final int inputSampleRate;
    private final String outputAudioFormat;
    private final int outputSampleRate;
    private final boolean serverVad;
    private final Optional<String> inputTranscriptionModel;
    private final Duration connectTimeout;
    private final Duration idleTimeout;

    private RealtimeSettings(Builder b, Map<String, String> env) {
        this.baseUrl = Objects.requireNonNull(b.baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw error("base-url must be a ws:// or wss:// URL, got " + baseUrl);
        }
        this.model = requireText(b.model, "model");
        this.voice = requireText(b.voice, "voice");
        this.instructions = Optional.ofNullable(b.instructions).filter(s -> !s.isBlank());
        this.apiKeyEnv = requireText(b.apiKeyEnv, "api-key-env");
        this.apiKey = Optional.ofNullable(env.get(apiKeyEnv)).filter(s -> !s.isBlank());
        if (apiKey.isEmpty() && needsKey(baseUrl)) {
            throw error("no API key for " + baseUrl.getHost() + ": set the environment variable " + apiKeyEnv
                    + " (or name another one with api-key-env)");
        }
        this.openAiBetaHeader = b.openAiBetaHeader;
        this.inputAudioFormat = requireText(b.inputAudioFormat, "input-audio-format");
        if (!inputAudioFormat.startsWith("pcm")) {
            throw error("input-audio-format must be a PCM format (pcm16), got '" + inputAudioFormat + "'");
        }
        this.inputSampleRate = rate(b.inputSampleRate, "input-sample-rate");
        this.outputAudioFormat = requireText(b.outputAudioFormat, "output-audio-format");
        if (!PCM_OUTPUT_FORMATS.contains(outputAudioFormat)) {
            throw error("output-audio-format '" + outputAudioFormat + "' is not one this client reads; use pcm16"
                    + " (or pcm24 for Qwen3-Omni), 16-bit mono PCM");
        }
        this.outputSampleRate = rate(b.outputSampleRate, "output-sample-rate");
        this.serverVad = b.serverVad;
        this.inputTranscriptionModel = Optional.ofNullable(b.inputTranscriptionModel).filter(s -> !s.isBlank());
        this.connectTimeout = positive(b.connectTimeout, "connect-timeout");
        this.idleTimeout = positive(b.idleTimeout, "idle-timeout");
    }

    /** OpenAI: {@code wss://api.openai.com/v1/realtime}, key from {@code OPENAI_API_KEY}, voice {@code alloy}. */
    public static Builder openAi(String model) {
        return new Builder().baseUrl(URI.create("wss://api.openai.com/v1/realtime")).model(model).voice("alloy")
                .apiKeyEnv("OPENAI_API_KEY").openAiBetaHeader(true);
    }

    /**
     * Qwen-Omni-Realtime on Alibaba Cloud Model Studio (Beijing region): {@code
     * wss://dashscope.aliyuncs.com/api-ws/v1/realtime}, key from {@code DASHSCOPE_API_KEY}, voice {@code Cherry},
     * 16 kHz input and {@code pcm24} output at 24 kHz, as its documentation describes (not checked against the live
     * service).
     */
    public static Builder dashScope(String model) {
        return new Builder().baseUrl(URI.create("wss://dashscope.aliyuncs.com/api-ws/v1/realtime")).model(model)
                .voice("Cherry").apiKeyEnv("DASHSCOPE_API_KEY").openAiBetaHeader(false)
                .inputSampleRate(16_000).outputAudioFormat("pcm24");
    }

    /** A server of your own speaking the protocol (no key needed unless it asks for one). */
    public static Builder local(URI baseUrl) {
        return new Builder().baseUrl(baseUrl).model("default").voice("alloy").apiKeyEnv("REALTIME_API_KEY");
    }

    /** A builder with the OpenAI preset's defaults and model {@code gpt-4o-realtime-preview}. */
    public static Builder builder() {
        return openAi("gpt-4o-realtime-preview");
    }

    /**
     * From the provider's plain settings: {@code preset} ({@code openai}, {@code dashscope} or {@code local};
     * default {@code openai}) chooses the defaults, the other keys override them (see the module README).
     */
    static RealtimeSettings from(Map<String, String> raw, Map<String, String> env) {
        Settings s = Settings.of(Stage.S2S, RealtimeProvider.NAME, raw);
        String preset = s.get("preset", "openai").toLowerCase(Locale.ROOT);
        Builder b = switch (preset) {
            case "openai" -> openAi(s.get("model", "gpt-4o-realtime-preview"));
            case "dashscope" -> dashScope(s.get("model", "qwen3-omni-flash-realtime"));
            case "local" -> local(s.getUri("base-url", "ws://127.0.0.1:8000/v1/realtime"));
            default -> throw s.error("setting 'preset' must be openai, dashscope or local, got '" + preset + "'");
        };
        s.get("base-url").ifPresent(u -> b.baseUrl(s.getUri("base-url", u)));
        s.get("model").ifPresent(b::model);
        s.get("voice").ifPresent(b::voice);
        s.get("instructions").ifPresent(b::instructions);
        s.get("api-key-env").ifPresent(b::apiKeyEnv);
        b.openAiBetaHeader(s.getBoolean("openai-beta-header", b.openAiBetaHeader));
        s.get("input-audio-format").ifPresent(b::inputAudioFormat);
        b.inputSampleRate(s.getInt("input-sample-rate", b.inputSampleRate, 8_000, 48_000));
        s.get("output-audio-format").ifPresent(b::outputAudioFormat);
        b.outputSampleRate(s.getInt("output-sample-rate", b.outputSampleRate, 8_000, 48_000));
        b.serverVad(s.getBoolean("server-vad", b.serverVad));
        s.get("input-transcription-model").ifPresent(b::inputTranscriptionModel);
        b.connectTimeout(s.getDuration("connect-timeout", b.connectTimeout));
        b.idleTimeout(s.getDuration("idle-timeout", b.idleTimeout));
        return b.build(env);
    }

    /** The endpoint without a query: what messages and exceptions name. */
    public URI endpoint() {
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority()
                + (baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath()));
    }

    /** The URL connected to: the base URL with {@code model=} added unless it already names one. */
    URI connectUrl() {
        String query = baseUrl.getRawQuery();
        if (query != null && (query.startsWith("model=") || query.contains("&model="))) {
            return baseUrl;
        }
        String model = "model=" + URLEncoder.encode(this.model, StandardCharsets.UTF_8);
        return URI.create(endpoint() + "?" + (query == null ? model : query + "&" + model));
    }

    /** The model asked for. */
    public String model() {
        return model;
    }

    /** The voice the answers are spoken in. */
    public String voice() {
        return voice;
    }

    /** The default system prompt, used when a conversation is opened without one. */
    public Optional<String> instructions() {
        return instructions;
    }

    /** The environment variable the key was read from. */
    public String apiKeyEnv() {
        return apiKeyEnv;
    }

    Optional<String> apiKey() {
        return apiKey;
    }

    /** Whether the handshake sends {@code OpenAI-Beta: realtime=v1} (OpenAI's beta event names). */
    public boolean openAiBetaHeader() {
        return openAiBetaHeader;
    }

    /** The input format's wire name ({@code pcm16}). */
    public String inputAudioFormat() {
        return inputAudioFormat;
    }

    /** The rate the user's audio is resampled to before it is sent, Hz. */
    public int inputSampleRate() {
        return inputSampleRate;
    }

    /** The output format's wire name ({@code pcm16}, or {@code pcm24} for Qwen3-Omni). */
    public String outputAudioFormat() {
        return outputAudioFormat;
    }

    /** The rate of the answer's audio, Hz. */
    public int outputSampleRate() {
        return outputSampleRate;
    }

    /** Whether the server's VAD commits the input and starts responses (off: the SDK's own VAD decides). */
    public boolean serverVad() {
        return serverVad;
    }

    /** The model the server transcribes the user's audio with ({@code whisper-1}, ...), if asked. */
    public Optional<String> inputTranscriptionModel() {
        return inputTranscriptionModel;
    }

    /** The longest wait for the WebSocket handshake. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The longest silence from the server while a response runs before it fails. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public String toString() {
        return "RealtimeSettings[endpoint=" + endpoint() + ", model=" + model + ", voice=" + voice + ", input="
                + inputAudioFormat + "@" + inputSampleRate + ", output=" + outputAudioFormat + "@" + outputSampleRate
                + ", serverVad=" + serverVad + ", key=" + (apiKey.isPresent() ? "$" + apiKeyEnv : "none") + "]";
    }

    private static boolean needsKey(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return host.equals("api.openai.com") || host.endsWith(".aliyuncs.com");
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw error("setting '" + name + "' must not be empty");
        }
        return value;
    }

    private static int rate(int hz, String name) {
        if (hz < 8_000 || hz > 48_000) {
            throw error("setting '" + name + "' must be 8000..48000 Hz, got " + hz);
        }
        return hz;
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw error("setting '" + name + "' must be a positive duration, got " + d);
        }
        return d;
    }

    private static ConfigurationException error(String message) {
        return new ConfigurationException(Stage.S2S, RealtimeProvider.NAME, message);
    }

    /** Builds {@link RealtimeSettings}; start from a preset. */
    public static final class Builder {
        private URI baseUrl;
        private String model;
        private String voice;
        private String instructions;
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

        private Builder() {
        }

        /** The WebSocket endpoint ({@code ws://} or {@code wss://}); {@code model=} is added to its query. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** The model name sent as the {@code model} query parameter. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** The voice of the answers. */
        public Builder voice(String voice) {
            this.voice = voice;
            return this;
        }

        /** The default system prompt. */
        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /** The environment variable holding the API key. */
        public Builder apiKeyEnv(String apiKeyEnv) {
            this.apiKeyEnv = apiKeyEnv;
            return this;
        }

        /** Whether to send {@code OpenAI-Beta: realtime=v1}. */
        public Builder openAiBetaHeader(boolean send) {
            this.openAiBetaHeader = send;
            return this;
        }

        /** The input format's wire name (default {@code pcm16}). */
        public Builder inputAudioFormat(String format) {
            this.inputAudioFormat = format;
            return this;
        }

        /** The rate the user's audio is sent at, Hz (default 24,000). */
        public Builder inputSampleRate(int hz) {
            this.inputSampleRate = hz;
            return this;
        }

        /** The output format's wire name (default {@code pcm16}). */
        public Builder outputAudioFormat(String format) {
            this.outputAudioFormat = format;
            return this;
        }

        /** The rate of the answer's audio, Hz (default 24,000). */
        public Builder outputSampleRate(int hz) {
            this.outputSampleRate = hz;
            return this;
        }

        /** Whether the server's VAD commits the input (default off). */
        public Builder serverVad(boolean on) {
            this.serverVad = on;
            return this;
        }

        /** Ask the server to transcribe the user's audio with this model (default: no transcription). */
        public Builder inputTranscriptionModel(String model) {
            this.inputTranscriptionModel = model;
            return this;
        }

        /** The longest wait for the handshake (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** The longest silence from the server during a response (default 30 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * The settings, with the key from the process environment.
         *
         * @throws ConfigurationException naming the setting that is wrong, or the variable to set
         */
        public RealtimeSettings build() {
            return build(System.getenv());
        }

        RealtimeSettings build(Map<String, String> env) {
            return new RealtimeSettings(this, env);
        }
    }
}
