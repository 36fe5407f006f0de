package dev.videochat.llm;

/**
 * The {@code ollama} chat provider: Ollama's native {@code /api/chat} stream (newline-delimited JSON) at
 * {@code http://127.0.0.1:11434}. The default model is {@code qwen2.5:7b} (pull it first with
 * {@code ollama pull qwen2.5:7b}); {@code max-tokens} becomes {@code num_predict}, {@code enable-thinking} becomes
 * {@code think}, and {@code keep-alive} (for example {@code 5m}) keeps the model loaded between turns. No key is
 * sent unless {@code api-key-env} names one (for a proxy in front of Ollama). Settings are listed in
 * {@link dev.videochat.llm}; they map onto {@link OllamaChatModel#builder()}.
 */
public final class OllamaChatModelProvider extends HttpChatModelProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public OllamaChatModelProvider() {
        super(OllamaChatModel.DEFAULTS, OllamaChatModel::builder,
                "Ollama's native chat API (streaming NDJSON); needs a running Ollama with the model pulled");
    }
}
