package dev.videochat.llm;

/**
 * Ollama's native {@code /api/chat} stream (newline-delimited JSON): the {@code ollama} provider in code. The
 * default base URL is {@code http://127.0.0.1:11434} and the default model {@code qwen2.5:7b} (pull it first with
 * {@code ollama pull qwen2.5:7b}); {@code maxTokens} becomes {@code num_predict}, {@code enableThinking} becomes
 * {@code think}, and {@link ChatModelBuilder#keepAlive(java.time.Duration)} keeps the model loaded between turns.
 * No key is sent unless one is given (for a proxy in front of Ollama).
 *
 * <pre>{@code
 * ChatModel llm = OllamaChatModel.builder().model("qwen2.5:7b").keepAlive(Duration.ofMinutes(5)).build();
 * }</pre>
 */
public final class OllamaChatModel {

    static final EndpointDefaults DEFAULTS = new EndpointDefaults("ollama", ChatWireFormat.OLLAMA,
            "http://127.0.0.1:11434", "qwen2.5:7b", null, false);

    private OllamaChatModel() {
    }

    /** A builder with Ollama's defaults: {@code http://127.0.0.1:11434}, {@code qwen2.5:7b}. */
    public static ChatModelBuilder builder() {
        return new ChatModelBuilder(DEFAULTS, "OllamaChatModel.builder()");
    }
}
