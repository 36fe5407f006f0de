package dev.videochat.api;

import java.util.Map;
import java.util.Set;

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
     * The setting keys {@link #create(Map)} accepts. An entry ending in {@code *} stands for a family of keys
     * sharing everything before it ({@code header.*} accepts {@code header.OpenAI-Organization}). An empty set (the
     * default) declares nothing, and then no key is checked.
     */
    default Set<String> settingNames() {
        return Set.of();
    }

    /**
     * Creates an engine from plain string settings. Keys are the provider's own (documented by it and listed by
     * {@link #settingNames()}), without a prefix; an unknown key is rejected with a {@link ConfigurationException}
     * that names it and lists the known ones, so a misspelt key never passes unnoticed. Secrets should come from
     * the environment or from code, never from a file that is checked in.
     *
     * @throws ConfigurationException when a key is unknown, or a required setting is missing or invalid, naming it
     */
    T create(Map<String, String> settings);
}
