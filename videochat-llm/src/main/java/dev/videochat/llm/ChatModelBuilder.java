package dev.videochat.llm;

import dev.videochat.api.Stage;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.core.config.BuilderChecks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Builds a streaming chat model; get one from {@link OpenAiChatModel#builder()},
 * {@link DashScopeChatModel#builder()}, {@link OllamaChatModel#builder()} or
 * {@link OpenAiCompatibleChatModel#builder()}, which set the provider's defaults. Each method checks its value at
 * once and names itself when it is wrong; {@link #build()} checks what depends on several (a model name, the key).
 * The providers map their string settings onto this builder, so a setting and its method always agree.
 *
 * <pre>{@code
 * ChatModel llm = DashScopeChatModel.builder()
 *         .apiKey(System.getenv("DASHSCOPE_API_KEY"))
 *         .model("qwen-plus")
 *         .enableThinking(false)
 *         .build();
 * }</pre>
 *
 * <p>The key: {@link #apiKey(String)} when given, otherwise the environment variable named by
 * {@link #apiKeyEnv(String)} or the provider's own ({@code OPENAI_API_KEY}, {@code DASHSCOPE_API_KEY}). A required
 * key that is missing fails {@link #build()} with a {@link dev.videochat.api.ConfigurationException} naming the
 * variable, {@code apiKey(..)} and the {@code api-key} setting. OpenAI and DashScope require one, except from a
 * server on this machine or a private network ({@code localhost}, {@code *.local}, 127.0.0.0/8, 10/8, 172.16/12,
 * 192.168/16, {@code ::1}, fc00::/7); naming a variable with {@code apiKeyEnv(..)} makes it required wherever the
 * server is. Keys are never logged.
 */
public final class ChatModelBuilder {

    /*
     * The defaults bound a call that never brings a delta to 35 s, whatever the server does: with a headers-timeout
     * of 10 s, three attempts and their backoff (0.5 s, 1 s) fit in the first-delta-timeout; a stream that only
     * sends keep-alives fails after the 30 s read-timeout, too late for another attempt to fit.
     */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_HEADERS_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_FIRST_DELTA_TIMEOUT = Duration.ofSeconds(35);
    private static final URI ANY_URL = URI.create("http://127.0.0.1/");

    private final EndpointDefaults defaults;
    private final BuilderChecks check;
    private URI baseUrl;
    private String model;
    private String apiKey;
    private String apiKeyEnv;
    private double temperature = Double.NaN;
    private int maxTokens;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration headersTimeout = DEFAULT_HEADERS_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration firstDeltaTimeout = DEFAULT_FIRST_DELTA_TIMEOUT;
    private int maxRetries = 2;
    private Duration retryBackoff = Duration.ofMillis(500);
    private boolean includeUsage = true;
    private Boolean enableThinking;
    private Duration keepAlive;
    private UnaryOperator<String> environment = System::getenv;

    ChatModelBuilder(EndpointDefaults defaults, String builderName) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.check = new BuilderChecks(Stage.LLM, defaults.provider(), builderName);
        this.baseUrl = URI.create(defaults.baseUrl());
        this.model = defaults.model();
    }

    /**
     * The server's base URL, http or https; {@code /chat/completions} (Ollama: {@code /api/chat}) is appended
     * unless it is already there. It must not carry credentials: they would show in every message naming it.
     */
    public ChatModelBuilder baseUrl(URI url) {
        String method = "baseUrl(URI)";
        check.url(method, url, Set.of("http", "https"));
        if (url.getRawUserInfo() != null) {
            throw check.invalid(method, "must not carry credentials; give the key with apiKey(..), the 'api-key' "
                    + "setting or an environment variable");
        }
        this.baseUrl = url;
        return this;
    }

    /** {@link #baseUrl(URI)} from text, such as {@code http://127.0.0.1:8000/v1}. */
    public ChatModelBuilder baseUrl(String url) {
        return baseUrl(check.parseUri("baseUrl(String)", url));
    }

    /** The model name; a request's {@link dev.videochat.api.llm.ChatOptions} may override it. */
    public ChatModelBuilder model(String model) {
        this.model = check.notBlank("model(String)", model);
        return this;
    }

    /** The API key, sent as {@code Authorization: Bearer}; it wins over any environment variable. Never logged. */
    public ChatModelBuilder apiKey(String key) {
        this.apiKey = check.notBlank("apiKey(String)", key);
        return this;
    }

    /**
     * The environment variable holding the key, in place of the provider's own; when {@link #apiKey(String)} is
     * not given, the key is then required wherever the server is.
     */
    public ChatModelBuilder apiKeyEnv(String variable) {
        this.apiKeyEnv = check.notBlank("apiKeyEnv(String)", variable);
        return this;
    }

    /** The sampling temperature, 0 to 2; unset leaves it to the server. */
    public ChatModelBuilder temperature(double temperature) {
        this.temperature = check.range("temperature(double)", temperature, 0, 2);
        return this;
    }

    /** The most tokens to generate, 1 to 1,000,000 (Ollama: {@code num_predict}); unset leaves it to the server. */
    public ChatModelBuilder maxTokens(int tokens) {
        this.maxTokens = check.range("maxTokens(int)", tokens, 1, 1_000_000);
        return this;
    }

    /** An extra request header, for example {@code OpenAI-Organization}; its value is never logged. */
    public ChatModelBuilder header(String name, String value) {
        String method = "header(String, String)";
        check.notBlank(method, name);
        check.notNull(method, value);
        try {
            HttpRequest.newBuilder(ANY_URL).header(name, value);
        } catch (IllegalArgumentException e) {
            // names the header only: its value may be a secret
            throw check.invalid(method, "cannot set the header '" + name + "'");
        }
        headers.put(name, value);
        return this;
    }

    /** The longest wait to open a connection (default 5 s). */
    public ChatModelBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = check.positive("connectTimeout(Duration)", timeout);
        return this;
    }

    /**
     * The longest wait of one attempt for the response headers, connecting included (default 10 s). Ollama answers
     * only once the model is loaded: raise it for large models.
     */
    public ChatModelBuilder headersTimeout(Duration timeout) {
        this.headersTimeout = check.positive("headersTimeout(Duration)", timeout);
        return this;
    }

    /**
     * The longest wait for the next content of the stream, an event's data or a JSON line (default 30 s);
     * keep-alive comments and blank lines do not count, nor does the handler's time.
     */
    public ChatModelBuilder readTimeout(Duration timeout) {
        this.readTimeout = check.positive("readTimeout(Duration)", timeout);
        return this;
    }

    /**
     * The longest wait for the first delta, every attempt and backoff included (default 35 s); a retry starts only
     * while a whole {@link #headersTimeout(Duration)} still fits.
     */
    public ChatModelBuilder firstDeltaTimeout(Duration timeout) {
        this.firstDeltaTimeout = check.positive("firstDeltaTimeout(Duration)", timeout);
        return this;
    }

    /**
     * How many times a request that failed before its first delta (connect failures, timeouts, 408, 429, 5xx, a
     * stream cut short) is repeated, 0 to 10 (default 2).
     */
    public ChatModelBuilder maxRetries(int retries) {
        this.maxRetries = check.range("maxRetries(int)", retries, 0, 10);
        return this;
    }

    /** The wait before the first retry, doubled for each further one, at most 10 s (default 500 ms). */
    public ChatModelBuilder retryBackoff(Duration backoff) {
        this.retryBackoff = check.notNegative("retryBackoff(Duration)", backoff);
        return this;
    }

    /**
     * Whether to ask for the usage chunk ({@code stream_options.include_usage}; default true). Turn it off for
     * servers that reject {@code stream_options}.
     */
    public ChatModelBuilder includeUsage(boolean include) {
        this.includeUsage = include;
        return this;
    }

    /**
     * Sent as DashScope's {@code enable_thinking} (Ollama: {@code think}); unset sends nothing. Set it false for a
     * voice agent, so that the answer starts at once.
     */
    public ChatModelBuilder enableThinking(boolean enable) {
        this.enableThinking = enable;
        return this;
    }

    /**
     * Ollama only: how long the model stays loaded after a request ({@code keep_alive}, sent as {@code 5m},
     * {@code 30s}, ...); unset leaves it to the server.
     */
    public ChatModelBuilder keepAlive(Duration duration) {
        String method = "keepAlive(Duration)";
        if (defaults.format() != ChatWireFormat.OLLAMA) {
            throw check.invalid(method, "applies to OllamaChatModel only");
        }
        this.keepAlive = check.notNegative(method, duration);
        return this;
    }

    /** For tests: looks environment variables up with {@code lookup} instead of {@link System#getenv(String)}. */
    ChatModelBuilder environment(UnaryOperator<String> lookup) {
        this.environment = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /**
     * The model: one HTTP client, a thread per running stream and one timer thread, released by
     * {@link ChatModel#close()}. Nothing connects until the first call.
     *
     * @throws dev.videochat.api.ConfigurationException when the model name or a required key is missing, saying
     *                                                  how to give it
     */
    public ChatModel build() {
        return buildHttp();
    }

    HttpChatModel buildHttp() {
        return new HttpChatModel(endpoint());
    }

    /** Everything the model calls with, checked. */
    ChatEndpoint endpoint() {
        if (model == null) {
            throw check.missing("model", "model", "model",
                    "name the model to use, for example the name vLLM serves it under");
        }
        URI url = endpointUrl();
        String keyEnv = apiKeyEnv != null ? apiKeyEnv : defaults.apiKeyEnv();
        String key = apiKey;
        if (key == null && keyEnv != null) {
            String found = environment.apply(keyEnv);
            key = found == null || found.isBlank() ? null : found.strip();
        }
        boolean required = apiKeyEnv != null || (defaults.keyRequired() && !isLocal(url));
        if (key == null && keyEnv != null && required) {
            throw check.missingSecret(keyEnv, "apiKey", "api-key", apiKeyEnv != null ? null
                    : "a server on this machine or a private network needs none: point baseUrl(..) or the "
                    + "'base-url' setting at it, for example http://127.0.0.1:8000/v1");
        }
        return new ChatEndpoint(defaults.provider(), defaults.format(), url, model, key,
                apiKey != null ? null : keyEnv, temperature, maxTokens, headers, connectTimeout, headersTimeout,
                readTimeout, firstDeltaTimeout, maxRetries, retryBackoff, includeUsage, enableThinking,
                keepAlive == null ? null : goDuration(keepAlive));
    }

    /** The base URL with the format's path appended, unless it already ends with it. */
    private URI endpointUrl() {
        String text = baseUrl.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        String path = defaults.format().path();
        return URI.create(text.endsWith("/" + path) ? text : text + "/" + path);
    }

    /** {@code 5m}, {@code 90s}, {@code 1500ms}: a duration as Go (and so Ollama) parses it. */
    static String goDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long seconds = d.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /**
     * Whether {@code url} names this machine or a private network ({@code localhost}, {@code *.local}, 127.0.0.0/8,
     * 10/8, 172.16/12, 192.168/16, ::1, fc00::/7): self-hosted servers there usually take no key. Host names other
     * than those are not looked up, so this never waits on DNS.
     */
    static boolean isLocal(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local")) {
            return true;
        }
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            int[] octets = java.util.Arrays.stream(host.split("\\.")).mapToInt(Integer::parseInt).toArray();
            return octets[0] == 127 || octets[0] == 10 || (octets[0] == 172 && octets[1] >= 16 && octets[1] <= 31)
                    || (octets[0] == 192 && octets[1] == 168);
        }
        if (!host.startsWith("[")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(host); // an IPv6 literal: parsed, never looked up
            boolean uniqueLocal = address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc;
            return address.isLoopbackAddress() || address.isSiteLocalAddress() || uniqueLocal;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
