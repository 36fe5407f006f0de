package dev.videochat.llm;

/**
 * The {@code openai-compatible} chat provider: a self-hosted OpenAI-compatible server such as vLLM (the default
 * {@code base-url} is vLLM's {@code http://127.0.0.1:8000/v1}), llama.cpp's server or Ollama's {@code /v1}. The
 * {@code model} setting is required; no key is sent unless {@code api-key-env} names the environment variable that
 * holds one. Settings are listed in {@link dev.videochat.llm}; they map onto
 * {@link OpenAiCompatibleChatModel#builder()}.
 */
public final class OpenAiCompatibleChatModelProvider extends HttpChatModelProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public OpenAiCompatibleChatModelProvider() {
        super(OpenAiCompatibleChatModel.DEFAULTS, OpenAiCompatibleChatModel::builder,
                "a self-hosted OpenAI-compatible server (vLLM, llama.cpp, Ollama /v1); needs base-url and model");
    }
}
