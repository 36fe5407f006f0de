package dev.videochat.llm;

/**
 * A self-hosted OpenAI-compatible server such as vLLM, llama.cpp's server or Ollama's {@code /v1}: the
 * {@code openai-compatible} provider in code. The default base URL is vLLM's {@code http://127.0.0.1:8000/v1}; the
 * model has no default and must be given. No key is sent unless one is given (or a variable is named with
 * {@link ChatModelBuilder#apiKeyEnv(String)}, which makes it required).
 *
 * <pre>{@code
 * ChatModel llm = OpenAiCompatibleChatModel.builder()
 *         .baseUrl("http://127.0.0.1:8080/v1").model("local").build();
 * }</pre>
 */
public final class OpenAiCompatibleChatModel {

    static final EndpointDefaults DEFAULTS = new EndpointDefaults("openai-compatible", ChatWireFormat.OPENAI,
            "http://127.0.0.1:8000/v1", null, null, false);

    private OpenAiCompatibleChatModel() {
    }

    /** A builder with vLLM's default base URL and no model: name one with {@code model(..)}. */
    public static ChatModelBuilder builder() {
        return new ChatModelBuilder(DEFAULTS, "OpenAiCompatibleChatModel.builder()");
    }
}
