package dev.videochat.llm;

/**
 * OpenAI's Chat Completions API, streamed: the {@code openai} provider in code. The key comes from
 * {@link ChatModelBuilder#apiKey(String)} or {@code OPENAI_API_KEY} and is required, except from a base URL on this
 * machine or a private network; the default model is {@code gpt-4o-mini}. Point
 * {@link ChatModelBuilder#baseUrl(String)} elsewhere for any hosted OpenAI-compatible service that needs a key.
 *
 * <pre>{@code
 * ChatModel llm = OpenAiChatModel.builder().apiKey(key).model("gpt-4o-mini").build();
 * }</pre>
 */
public final class OpenAiChatModel {

    static final EndpointDefaults DEFAULTS = new EndpointDefaults("openai", ChatWireFormat.OPENAI,
            "https://api.openai.com/v1", "gpt-4o-mini", "OPENAI_API_KEY", true);

    private OpenAiChatModel() {
    }

    /** A builder with OpenAI's defaults: {@code https://api.openai.com/v1}, {@code gpt-4o-mini}. */
    public static ChatModelBuilder builder() {
        return new ChatModelBuilder(DEFAULTS, "OpenAiChatModel.builder()");
    }
}
