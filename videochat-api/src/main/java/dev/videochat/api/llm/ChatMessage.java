package dev.videochat.api.llm;

import java.util.Objects;

/**
 * One message of a chat.
 *
 * @param role    who said it
 * @param content what was said
 */
public record ChatMessage(Role role, String content) {

    /** The author of a message, with the name used on the wire by OpenAI-compatible servers. */
    public enum Role {
        SYSTEM("system"), USER("user"), ASSISTANT("assistant");

        private final String wireName;

        Role(String wireName) {
            this.wireName = wireName;
        }

        /** The lower-case name used in chat APIs. */
        public String wireName() {
            return wireName;
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }
}
