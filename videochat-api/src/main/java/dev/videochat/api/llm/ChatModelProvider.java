package dev.videochat.api.llm;

import dev.videochat.api.Provider;

/** Service type for LLM engines: register implementations in {@code META-INF/services/dev.videochat.api.llm.ChatModelProvider}. */
public interface ChatModelProvider extends Provider<ChatModel> {
}
