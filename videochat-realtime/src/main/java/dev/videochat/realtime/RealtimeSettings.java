package dev.videochat.realtime;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach a server speaking the OpenAI Realtime protocol and what to ask of it, as
 * {@link RealtimeSpeechModel.Builder} checked it (or the {@code realtime} provider's string settings, which it maps
 * onto that builder). Immutable. The API key never appears in {@link #toString()} or in any message.
 */
public final class RealtimeSettings {

    /** The output formats this client reads: both are 16-bit little-endian mono PCM, at {@link #outputSampleRate()}. */
    static final Set<String> PCM_OUTPUT_FORMATS = Set.of("pcm16", "pcm24");
    /** The provider's setting keys. */
    static final Set<String> NAMES = Set.of("preset", "base-url", "model", "voice", "instructions", "api-key",
            "api-key-env", "openai-beta-header", "input-audio-format", "input-sample-rate", "output-audio-format",
            "output-sample-rate", "server-vad", "input-transcription-model", "connect-timeout", "idle-timeout");

    private final URI baseUrl;
    private final String model;
    private final String voice;
    private final Optional<String> instructions;
    private final String apiKeyEnv;
    private final Optional<String> apiKey;
    private final boolean keyInCode;
    private final boolean openAiBetaHeader;
    private final String inputAudioFormat;
    private final int inputSampleRate;
    private final String outputAudioFormat;
    private final int outputSampleRate;
    private final boolean serverVad;
    private final Optional<String> inputTranscriptionModel;
    private final Duration connectTimeout;
    private final Duration idleTimeout;

    /** Values already checked by the builder; {@code keyInCode} when the key was given rather than read. */
    RealtimeSettings(URI baseUrl, String model, String voice, Optional<String> instructions, String apiKeyEnv,
                     Optional<String> apiKey, boolean keyInCode, boolean openAiBetaHeader, String inputAudioFormat,
                     int inputSampleRate, String outputAudioFormat, int outputSampleRate, boolean serverVad,
                     Optional<String> inputTranscriptionModel, Duration connectTimeout, Duration idleTimeout) {
        this.baseUrl = baseUrl;
        this.model = model;
        this.voice = voice;
        this.instructions = instructions;
        this.apiKeyEnv = apiKeyEnv;
        this.apiKey = apiKey;
        this.keyInCode = keyInCode;
        this.openAiBetaHeader = openAiBetaHeader;
        this.inputAudioFormat = inputAudioFormat;
        this.inputSampleRate = inputSampleRate;
        this.outputAudioFormat = outputAudioFormat;
        this.outputSampleRate = outputSampleRate;
        this.serverVad = serverVad;
        this.inputTranscriptionModel = inputTranscriptionModel;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
    }

    /**
     * From the provider's string settings: {@code preset} ({@code openai}, {@code dashscope} or {@code local};
     * default {@code openai}) chooses the defaults, the other keys override them (see the module README).
     */
    static RealtimeSettings from(Map<String, String> raw, Map<String, String> env) {
        Settings s = Settings.of(Stage.S2S, RealtimeProvider.NAME, raw, NAMES);
        RealtimePreset[] preset = {RealtimePreset.OPENAI};
        s.ifChoice("preset", RealtimePreset.class, p -> preset[0] = p);
        RealtimeSpeechModel.Builder b = RealtimeSpeechModel.builder(preset[0]).environment(env::get);
        s.ifUri("base-url", b::baseUrl);
        s.ifSet("model", b::model);
        s.ifSet("voice", b::voice);
        s.ifSet("instructions", b::instructions);
        s.ifSet("api-key", b::apiKey);
        s.ifSet("api-key-env", b::apiKeyEnv);
        s.ifBoolean("openai-beta-header", b::openAiBetaHeader);
        s.ifSet("input-audio-format", b::inputAudioFormat);
        s.ifInt("input-sample-rate", b::inputSampleRate);
        s.ifSet("output-audio-format", b::outputAudioFormat);
        s.ifInt("output-sample-rate", b::outputSampleRate);
        s.ifBoolean("server-vad", b::serverVad);
        s.ifSet("input-transcription-model", b::inputTranscriptionModel);
        s.ifDuration("connect-timeout", b::connectTimeout);
        s.ifDuration("idle-timeout", b::idleTimeout);
        return b.settings();
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

    /** The environment variable the key was read from (or would have been, when it was given in code). */
    public String apiKeyEnv() {
        return apiKeyEnv;
    }

    /** Where the key came from, for messages about a refused key: {@code in $OPENAI_API_KEY}, or code. */
    String keySource() {
        return keyInCode ? "given to apiKey(..) or in the 'api-key' setting" : "in $" + apiKeyEnv;
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
                + ", serverVad=" + serverVad + ", key=" + (apiKey.isPresent() ? keyInCode ? "given" : "$" + apiKeyEnv
                : "none") + "]";
    }
}
