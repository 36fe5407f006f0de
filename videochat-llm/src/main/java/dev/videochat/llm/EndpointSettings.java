package dev.videochat.llm;

import dev.videochat.core.config.Settings;

import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a chat provider's string settings (the keys are listed in the package documentation) onto its
 * {@link ChatModelBuilder}, one key to one builder method, so the two never drift apart.
 */
final class EndpointSettings {

    static final String HEADER_PREFIX = "header.";

    /** The keys every chat provider takes. */
    private static final Set<String> COMMON = Set.of("base-url", "model", "api-key", "api-key-env", "temperature",
            "max-tokens", HEADER_PREFIX + "*", "connect-timeout", "headers-timeout", "read-timeout",
            "first-delta-timeout", "max-retries", "retry-backoff", "include-usage", "enable-thinking");

    private EndpointSettings() {
    }

    /** The keys a provider speaking {@code format} takes: Ollama's add {@code keep-alive}. */
    static Set<String> names(ChatWireFormat format) {
        if (format != ChatWireFormat.OLLAMA) {
            return COMMON;
        }
        Set<String> names = new TreeSet<>(COMMON);
        names.add("keep-alive");
        return Set.copyOf(names);
    }

    /** Hands each setting that is set to its builder method. */
    static void apply(Settings s, ChatModelBuilder b) {
        s.ifUri("base-url", b::baseUrl);
        s.ifSet("model", b::model);
        s.ifSet("api-key", b::apiKey);
        s.ifSet("api-key-env", b::apiKeyEnv);
        s.ifDouble("temperature", b::temperature);
        s.ifInt("max-tokens", b::maxTokens);
        for (String key : s.keys()) {
            if (key.startsWith(HEADER_PREFIX)) {
                s.ifSet(key, value -> b.header(key.substring(HEADER_PREFIX.length()), value));
            }
        }
        s.ifDuration("connect-timeout", b::connectTimeout);
        s.ifDuration("headers-timeout", b::headersTimeout);
        s.ifDuration("read-timeout", b::readTimeout);
        s.ifDuration("first-delta-timeout", b::firstDeltaTimeout);
        s.ifInt("max-retries", b::maxRetries);
        s.ifDuration("retry-backoff", b::retryBackoff);
        s.ifBoolean("include-usage", b::includeUsage);
        s.ifBoolean("enable-thinking", b::enableThinking);
        s.ifDuration("keep-alive", b::keepAlive);
    }
}
