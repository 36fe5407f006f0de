package dev.videochat.llm;

/**
 * The {@code openai} chat provider: OpenAI's Chat Completions API, streamed. The key comes from
 * {@code OPENAI_API_KEY} and is required, except from a {@code base-url} on this machine or a private network;
 * the default model is {@code gpt-4o-mini}. Point {@code base-url} elsewhere for any hosted OpenAI-compatible service
 * that needs a key. Settings are listed in {@link dev.videochat.llm}; they map onto
 * {@link OpenAiChatModel#builder()}.
 */
public final class OpenAiChatModelProvider extends HttpChatModelProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public OpenAiChatModelProvider() {
        super(OpenAiChatModel.DEFAULTS, OpenAiChatModel::builder,
                "OpenAI Chat Completions (streaming); needs OPENAI_API_KEY");
    }
}
