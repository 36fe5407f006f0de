package dev.videochat.llm;

/**
 * What a provider assumes when a setting is not given.
 *
 * @param provider    the provider name
 * @param format      the wire protocol
 * @param baseUrl     the default base URL
 * @param model       the default model, or {@code null} when the model must be set
 * @param apiKeyEnv   the default environment variable holding the key, or {@code null} for none
 * @param keyRequired whether a missing key is a configuration error (hosted services) or just not sent (local
 *                    servers)
 */
record EndpointDefaults(String provider, ChatWireFormat format, String baseUrl, String model, String apiKeyEnv,
                        boolean keyRequired) {
}
