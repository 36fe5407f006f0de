package dev.videochat.llm;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Reads a chat provider's settings (the keys are listed in the package documentation) into a {@link ChatEndpoint}. */
final class EndpointSettings {

    static final String HEADER_PREFIX = "header.";

    /*
     * The defaults bound a call that never brings a delta to 35 s, whatever the server does: with a headers-timeout
     * of 10 s, three attempts and their backoff (0.5 s, 1 s) fit in the first-delta-timeout; a stream that only
     * sends keep-alives fails after the 30 s read-timeout, too late for another attempt to fit.
     */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_HEADERS_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_FIRST_DELTA_TIMEOUT = Duration.ofSeconds(35);

    private EndpointSettings() {
    }

    /**
     * @param raw      the provider's settings
     * @param defaults what the provider assumes
     * @param env      looks up an environment variable ({@code System::getenv} outside tests)
     */
    static ChatEndpoint read(Map<String, String> raw, EndpointDefaults defaults, UnaryOperator<String> env) {
        Settings settings = Settings.of(Stage.LLM, defaults.provider(), raw);
        URI url = endpointUrl(settings, defaults);
        String model = defaults.model() == null
                ? settings.require("model", "name the model to use, for example the name vLLM serves it under")
                : settings.get("model", defaults.model());
        Optional<String> keyEnvSetting = settings.get("api-key-env");
        String keyEnv = keyEnvSetting.orElse(defaults.apiKeyEnv());
        String key = keyEnv == null ? null : blankToNull(env.apply(keyEnv));
        boolean required = keyEnvSetting.isPresent() || (defaults.keyRequired() && !isLocal(url));
        if (key == null && keyEnv != null && required) {
            throw settings.error("no API key: set the environment variable " + keyEnv
                    + (keyEnvSetting.isPresent() ? "" : " (or name another one with the setting api-key-env); "
                    + "a server on this machine or a private network needs none: point the setting base-url at it, "
                    + "for example http://127.0.0.1:8000/v1"));
        }
        Duration connectTimeout = positive(settings, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        Duration headersTimeout = positive(settings, "headers-timeout", DEFAULT_HEADERS_TIMEOUT);
        Duration readTimeout = positive(settings, "read-timeout", DEFAULT_READ_TIMEOUT);
        Duration firstDeltaTimeout = positive(settings, "first-delta-timeout", DEFAULT_FIRST_DELTA_TIMEOUT);
        Boolean thinking = settings.get("enable-thinking").isPresent()
                ? settings.getBoolean("enable-thinking", false) : null;
        return new ChatEndpoint(defaults.provider(), defaults.format(), url, model, key, keyEnv,
                settings.getDouble("temperature", Double.NaN, 0, 2),
                settings.getInt("max-tokens", 0, 1, 1_000_000),
                headers(settings, url),
                connectTimeout, headersTimeout, readTimeout, firstDeltaTimeout,
                settings.getInt("max-retries", 2, 0, 10),
                settings.getDuration("retry-backoff", Duration.ofMillis(500)),
                settings.getBoolean("include-usage", true),
                thinking,
                settings.get("keep-alive").orElse(null));
    }

    /**
     * Whether {@code url} names this machine or a private network ({@code localhost}, {@code *.local}, 127.0.0.0/8,
     * 10/8, 172.16/12, 192.168/16, ::1, fc00::/7): self-hosted servers there usually take no key. Host names other than those
     * are not looked up, so this never waits on DNS.
     */
    static boolean isLocal(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
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

    private static Duration positive(Settings settings, String key, Duration fallback) {
        Duration value = settings.getDuration(key, fallback);
        if (value.isZero()) {
            throw settings.error("setting '" + key + "' must be longer than 0, got '" + settings.get(key, "") + "'");
        }
        return value;
    }

    /** The base URL with the format's path appended, unless it already ends with it. */
    private static URI endpointUrl(Settings settings, EndpointDefaults defaults) {
        URI base = settings.getUri("base-url", defaults.baseUrl());
        String scheme = base.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw settings.error("setting 'base-url' must be an http or https URL, got '" + base + "'");
        }
        if (base.getRawUserInfo() != null) {
            // it would show in every error message and log line naming the endpoint
            throw settings.error("setting 'base-url' must not carry credentials; name the key's environment "
                    + "variable with api-key-env instead");
        }
        String text = base.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        String path = defaults.format().path();
        return URI.create(text.endsWith("/" + path) ? text : text + "/" + path);
    }

    /** The {@code header.NAME} settings, checked against the names the HTTP client refuses to send. */
    private static Map<String, String> headers(Settings settings, URI url) {
        Map<String, String> headers = new LinkedHashMap<>();
        settings.asMap().forEach((key, value) -> {
            if (key.startsWith(HEADER_PREFIX) && key.length() > HEADER_PREFIX.length()) {
                String name = key.substring(HEADER_PREFIX.length());
                try {
                    HttpRequest.newBuilder(url).header(name, value);
                } catch (IllegalArgumentException e) {
                    // the message names the header only: its value may be a secret
                    throw settings.error("setting '" + key + "': the header '" + name + "' cannot be set");
                }
                headers.put(name, value);
            }
        });
        return headers;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
