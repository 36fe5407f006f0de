package dev.videochat.llm;

import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatModelProvider;

import java.util.Map;
import java.util.function.UnaryOperator;

/** The shared body of the HTTP chat providers: they differ only in their defaults. */
abstract class HttpChatModelProvider implements ChatModelProvider {

    private final EndpointDefaults defaults;
    private final String description;

    HttpChatModelProvider(EndpointDefaults defaults, String description) {
        this.defaults = defaults;
        this.description = description;
    }

    @Override
    public String name() {
        return defaults.provider();
    }

    @Override
    public String description() {
        return description;
    }

    /**
     * Creates the model from the settings documented in {@link dev.videochat.llm}; the API key is read from
     * the environment variable named by {@code api-key-env}.
     *
     * @throws dev.videochat.api.ConfigurationException when a setting is invalid or the key is missing, naming it
     */
    @Override
    public ChatModel create(Map<String, String> settings) {
        return create(settings, System::getenv);
    }

    /** As {@link #create(Map)}, looking environment variables up with {@code env}. */
    HttpChatModel create(Map<String, String> settings, UnaryOperator<String> env) {
        return new HttpChatModel(EndpointSettings.read(settings, defaults, env));
    }
}
