package dev.videochat.core.pipeline;

import dev.videochat.api.audio.AudioChunk;

/** What started a turn. */
sealed interface TurnInput {

    static TurnInput question(String text) {
        return new Question(text);
    }

    static TurnInput script(String text) {
        return new Script(text);
    }

    static TurnInput audio(AudioChunk audio) {
        return new Audio(audio);
    }

    /** A question for the language model. */
    record Question(String text) implements TurnInput {
    }

    /** A text to speak as it is. */
    record Script(String text) implements TurnInput {
    }

    /** The user's recorded speech. */
    record Audio(AudioChunk audio) implements TurnInput {
    }
}
