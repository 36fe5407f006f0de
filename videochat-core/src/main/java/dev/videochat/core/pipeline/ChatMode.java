package dev.videochat.core.pipeline;

/** How a session talks to the language model. */
public enum ChatMode {
    /** Each question is answered on its own: only the system prompt and the question are sent. */
    SINGLE_TURN,
    /** A conversation: the recent history is sent, and the system prompt asks for short spoken replies. */
    INTERACTIVE
}
