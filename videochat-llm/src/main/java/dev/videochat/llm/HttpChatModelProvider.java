package dev.videochat.llm;

import dev.videochat.api.Stage;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatModelProvider;
import dev.videochat.core.config.Settings;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The shared body of the HTTP chat providers: each maps its settings onto its own model's builder. */
abstract class HttpChatModelProvider implements ChatModelProvider {

    private final String name;
    private final Set<String> settingNames;
    private final Supplier<ChatModelBuilder> builder;
    private final String description;

    HttpChatModelProvider(EndpointDefaults defaults, Supplier<ChatModelBuilder> builder, String description) {
        this.name = defaults.provider();
        this.settingNames = EndpointSettings.names(defaults.format());
        this.builder = builder;
        this.description = description;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<String> settingNames() {
        return settingNames;
    }

    /**
     * Creates the model from the settings documented in {@link dev.videochat.llm}, through the same builder code
     * uses; the API key is the {@code api-key} setting, or else read from the environment variable named by
     * {@code api-key-env} (or the provider's own).
     *
     * @throws dev.videochat.api.ConfigurationException when a key is unknown, a setting is invalid or the API key is
     *                                                  missing, naming it
     */
    @Override
    public ChatModel create(Map<String, String> settings) {
        return create(settings, System::getenv);
    }

    /** As {@link #create(Map)}, looking environment variables up with {@code env}. */
    HttpChatModel create(Map<String, String> settings, UnaryOperator<String> env) {
        Settings s = Settings.of(Stage.LLM, name, settings, settingNames);
        ChatModelBuilder b = builder.get().environment(env);
        EndpointSettings.apply(s, b);
        return b.buildHttp();
    }
}
