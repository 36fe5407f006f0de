package dev.videochat.api.llm;

import java.util.Objects;

/**
 * One message of a chat.
 *
 * @param role    who said it
 * @param content what was said
 */
public record ChatMessage(Role role, String content) {

    /** The author of a message. */
    public enum Role {
        /** The instructions that set up the conversation (the system prompt). */
        SYSTEM,
        /** The person talking to the avatar. */
        USER,
        /** The model: the avatar's earlier answers. */
        ASSISTANT
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** A system message (the prompt). */
    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    /** A message of the user. */
    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    /** An earlier answer of the model. */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }
}
