package dev.videochat.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to call one chat endpoint, already validated.
 *
 * @param provider          the provider name, for messages and logs
 * @param format            the wire protocol
 * @param url               the full endpoint URL (for example {@code https://api.openai.com/v1/chat/completions})
 * @param model             the default model name
 * @param apiKey            the bearer token, or {@code null} to send none; never logged
 * @param apiKeyEnv         the environment variable the key came from (or should come from), or {@code null} when
 *                          the key was given in code or settings, or none is expected; for error messages
 * @param temperature       the default sampling temperature, or {@code NaN} to leave it to the server
 * @param maxTokens         the default most tokens to generate, or 0 to leave it to the server
 * @param headers           extra request headers; their values are never logged
 * @param connectTimeout    the longest wait to open a connection
 * @param headersTimeout    the longest wait of one attempt for the response headers, connecting included
 * @param readTimeout       the longest wait for the next content of the stream (a data event, a JSON line);
 *                          keep-alive comments and blank lines do not count, nor does the handler's time
 * @param firstDeltaTimeout the longest wait for the first delta, every attempt and backoff included: each wait
 *                          before it is cut to what is left of it, and a retry starts only while a whole
 *                          {@code headersTimeout} still fits in it
 * @param maxRetries        how many times a failed request is repeated before its first delta, 0 for never
 * @param retryBackoff      the wait before the first retry; it doubles for each further retry
 * @param includeUsage      whether to ask for the usage chunk ({@code stream_options.include_usage})
 * @param enableThinking    the value of DashScope's {@code enable_thinking}, or {@code null} to not send it
 * @param keepAlive         Ollama's {@code keep_alive} (how long the model stays loaded, e.g. {@code 5m}), or
 *                          {@code null}
 */
record ChatEndpoint(String provider, ChatWireFormat format, URI url, String model, String apiKey, String apiKeyEnv,
                    double temperature, int maxTokens, Map<String, String> headers, Duration connectTimeout,
                    Duration headersTimeout, Duration readTimeout, Duration firstDeltaTimeout, int maxRetries,
                    Duration retryBackoff, boolean includeUsage, Boolean enableThinking, String keepAlive) {

    ChatEndpoint {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(model, "model");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(headersTimeout, "headersTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(firstDeltaTimeout, "firstDeltaTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
    }

    /** A hint for authentication failures: where the key comes from. */
    String keyHint() {
        if (apiKeyEnv == null) {
            return apiKey == null ? "check the API key this endpoint expects"
                    : "check the API key given to apiKey(..) or in the 'api-key' setting";
        }
        return "check the API key in the environment variable " + apiKeyEnv
                + (apiKey == null ? " (it is not set)" : "");
    }

    /** Without the key or header values, which may be secrets. */
    @Override
    public String toString() {
        return "ChatEndpoint[" + provider + " " + format + " " + url + " model=" + model
                + " key=" + (apiKey == null ? "none" : "set") + " headers=" + headers.keySet() + "]";
    }
}
