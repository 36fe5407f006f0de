package dev.videochat.llm;

/**
 * Qwen on Alibaba Cloud Model Studio (DashScope) in its OpenAI-compatible mode: the {@code dashscope} provider in
 * code. The key comes from {@link ChatModelBuilder#apiKey(String)} or {@code DASHSCOPE_API_KEY} and is required;
 * the default model is {@code qwen-turbo}. For the international region use
 * {@code baseUrl("https://dashscope-intl.aliyuncs.com/compatible-mode/v1")}; for hybrid thinking models
 * {@code enableThinking(false)}, so that the answer starts at once.
 *
 * <pre>{@code
 * ChatModel llm = DashScopeChatModel.builder().apiKey(key).model("qwen-plus").enableThinking(false).build();
 * }</pre>
 */
public final class DashScopeChatModel {

    static final EndpointDefaults DEFAULTS = new EndpointDefaults("dashscope", ChatWireFormat.OPENAI,
            "https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-turbo", "DASHSCOPE_API_KEY", true);

    private DashScopeChatModel() {
    }

    /** A builder with DashScope's defaults: the Beijing compatible-mode endpoint, {@code qwen-turbo}. */
    public static ChatModelBuilder builder() {
        return new ChatModelBuilder(DEFAULTS, "DashScopeChatModel.builder()");
    }
}
