package dev.videochat.api;

import java.util.Map;

/**
 * A named factory for one stage's engine, found with {@link java.util.ServiceLoader}. Each stage has its own
 * service type extending this one (for example {@link dev.videochat.api.llm.ChatModelProvider}), so an application
 * swaps an engine by adding a jar and naming it.
 *
 * @param <T> the engine type
 */
public interface Provider<T> {

    /** The short, stable, lower-case name an application uses to choose this engine, for example {@code "openai"}. */
    String name();

    /** One line saying what this engine is and what it needs (a server, a key, model files). */
    String description();

    /**
     * Creates an engine from plain string settings. Keys are the provider's own (documented by it), without a
     * prefix; unknown keys are ignored. Secrets should come from the environment, not from these settings.
     *
     * @throws ConfigurationException when a required setting is missing or invalid, naming it
     */
    T create(Map<String, String> settings);
}
