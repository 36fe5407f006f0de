package dev.videochat.api;

/** The stages of a conversation turn, in the order data flows through them. */
public enum Stage {
    /** Voice activity detection: where the user's speech starts and ends in a live audio stream. */
    VAD,
    /** Speech recognition: user audio to text. */
    ASR,
    /** The language model: a chat to a stream of text deltas. */
    LLM,
    /** A speech-to-speech model answering the user's audio with audio and its transcript (in place of ASR, LLM, TTS). */
    S2S,
    /** Cutting the LLM's text stream into sentence packets. */
    CHUNKER,
    /** Speech synthesis: a text packet to PCM audio. */
    TTS,
    /** Talking-head generation: audio to lip-synced video frames. */
    THG,
    /** Encoding and muxing audio and video into streamable segments. */
    MUX,
    /** The orchestration itself (queues, threads, session state). */
    PIPELINE
}
