package dev.videochat.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.videochat.api.llm.ChatMessage;
import dev.videochat.api.llm.ChatOptions;
import dev.videochat.api.llm.ChatRequest;

import java.util.ArrayList;
import java.util.List;

/** Turns the SDK's chat request into LangChain4j's, message for message and option for option. */
final class RequestTranslator {

    private RequestTranslator() {
    }

    /**
     * The LangChain4j request for {@code request}. Options the SDK leaves unset stay unset, so the LangChain4j
     * model's own defaults (its model name, temperature, token limit) apply. A blank system message is left out:
     * LangChain4j rejects one, and it tells the model nothing.
     *
     * @throws IllegalArgumentException when nothing but blank system messages is left
     */
    static dev.langchain4j.model.chat.request.ChatRequest toLangChain4j(ChatRequest request) {
        List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>(request.messages().size());
        for (ChatMessage message : request.messages()) {
            switch (message.role()) {
                case SYSTEM -> {
                    if (!message.content().isBlank()) {
                        messages.add(SystemMessage.from(message.content()));
                    }
                }
                case USER -> messages.add(UserMessage.from(message.content()));
                case ASSISTANT -> messages.add(AiMessage.from(message.content()));
            }
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("the chat request holds only blank system messages: nothing to answer");
        }
        ChatOptions options = request.options();
        var builder = dev.langchain4j.model.chat.request.ChatRequest.builder().messages(messages);
        options.model().ifPresent(builder::modelName);
        options.temperature().ifPresent(builder::temperature);
        options.maxTokens().ifPresent(builder::maxOutputTokens);
        return builder.build();
    }
}
