package dev.videochat.llm;

/**
 * The {@code dashscope} chat provider: Alibaba Cloud Model Studio (Qwen) in its OpenAI-compatible mode at
 * {@code https://dashscope.aliyuncs.com/compatible-mode/v1} (set {@code base-url} to
 * {@code https://dashscope-intl.aliyuncs.com/compatible-mode/v1} for the international region). The key comes from
 * {@code DASHSCOPE_API_KEY} and is required; the default model is {@code qwen-turbo}. For hybrid thinking models set
 * {@code enable-thinking=false} so that the answer starts at once. Settings are listed in
 * {@link dev.videochat.llm}; they map onto {@link DashScopeChatModel#builder()}.
 */
public final class DashScopeChatModelProvider extends HttpChatModelProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public DashScopeChatModelProvider() {
        super(DashScopeChatModel.DEFAULTS, DashScopeChatModel::builder,
                "Qwen on DashScope (Model Studio) compatible mode (streaming); needs DASHSCOPE_API_KEY");
    }
}
