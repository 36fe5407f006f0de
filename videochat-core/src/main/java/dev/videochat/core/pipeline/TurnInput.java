package dev.videochat.core.pipeline;

import dev.videochat.api.audio.AudioChunk;

import java.util.Optional;

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

    static TurnInput spoken(Optional<AudioChunk> audio, Optional<String> text) {
        return new Spoken(audio, text);
    }

    /** The user's speech or words for a speech-to-speech model, which answers with audio directly. */
    record Spoken(Optional<AudioChunk> audio, Optional<String> text) implements TurnInput {
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
