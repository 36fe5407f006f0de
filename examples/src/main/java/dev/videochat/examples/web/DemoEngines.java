package dev.videochat.examples.web;

import dev.videochat.api.tts.Voice;
import dev.videochat.core.pipeline.VideoChatEngine;

import java.util.List;
import java.util.Objects;

/**
 * What the web demo serves with: the engine every tab's session is opened on, and what the page may offer.
 *
 * @param engine        the shared engine; its muxer should cut fragmented MP4 (init segment, then fragments), the
 *                      only segments the page can play through Media Source Extensions
 * @param avatars       the avatar references the avatar picker offers (the talking head's {@code avatars()}),
 *                      the first is the default
 * @param voices        the voices the voice picker offers (the synthesizer's {@code voices()}), the first is the
 *                      default
 * @param chatModel     whether the engine has a language model: typed text is then answered, otherwise spoken as
 *                      typed
 * @param recognizer    whether the engine has speech recognition: the microphone button needs it
 * @param speechToSpeech whether sessions answer with the engine's speech-to-speech model (typed text and
 *                       utterances alike)
 */
public record DemoEngines(VideoChatEngine engine, List<String> avatars, List<Voice> voices, boolean chatModel,
                          boolean recognizer, boolean speechToSpeech) {

    /** The cascade: no speech-to-speech model. */
    public DemoEngines(VideoChatEngine engine, List<String> avatars, List<Voice> voices, boolean chatModel,
                       boolean recognizer) {
        this(engine, avatars, voices, chatModel, recognizer, false);
    }

    /**
     * Speech-to-speech mode: the engine's speech-to-speech model answers typed text and the microphone's
     * utterances (sessions open with {@code SessionOptions.speechToSpeech(true)}), in place of ASR, LLM and TTS.
     */
    public static DemoEngines speechToSpeech(VideoChatEngine engine, List<String> avatars, List<Voice> voices) {
        return new DemoEngines(engine, avatars, voices, true, true, true);
    }


    public DemoEngines {
        Objects.requireNonNull(engine, "engine");
        avatars = List.copyOf(avatars);
        voices = List.copyOf(voices);
        if (voices.isEmpty()) {
            throw new IllegalArgumentException("the synthesizer offers no voice");
        }
    }
}
