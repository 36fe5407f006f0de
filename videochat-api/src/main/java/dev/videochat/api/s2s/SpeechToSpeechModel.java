package dev.videochat.api.s2s;

import java.util.Optional;

/**
 * A speech-to-speech model (an omni model behind the OpenAI Realtime protocol, GLM-4-Voice, Qwen-Omni): it takes the
 * user's audio or text and answers with audio and its transcript at once, in place of ASR + LLM + TTS. Thread-safe
 * and shared; each conversation opens its own {@link SpeechConversation} (the protocol keeps the conversation on the
 * server, so each one is a connection of its own).
 */
public interface SpeechToSpeechModel extends AutoCloseable {

    /** The provider name, for messages and metrics. */
    String name();

    /**
     * Opens a conversation.
     *
     * @param instructions the system prompt, if any
     * @throws dev.videochat.api.RemoteServiceException when the server cannot be reached or refuses the key
     */
    SpeechConversation open(Optional<String> instructions);

    @Override
    default void close() {
    }
}
