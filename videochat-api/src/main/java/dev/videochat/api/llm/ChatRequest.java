package dev.videochat.api.llm;

import java.util.List;
import java.util.Objects;

/**
 * A chat to complete: the messages so far (system prompt, history, the new user message) and options.
 *
 * @param messages at least one message, in order
 * @param options  generation settings
 */
public record ChatRequest(List<ChatMessage> messages, ChatOptions options) {

    public ChatRequest {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(options, "options");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        messages = List.copyOf(messages);
    }

    /** A request with default options. */
    public static ChatRequest of(List<ChatMessage> messages) {
        return new ChatRequest(messages, ChatOptions.defaults());
    }
}
