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
 */
public record DemoEngines(VideoChatEngine engine, List<String> avatars, List<Voice> voices, boolean chatModel,
                          boolean recognizer) {

    public DemoEngines {
        Objects.requireNonNull(engine, "engine");
        avatars = List.copyOf(avatars);
        voices = List.copyOf(voices);
        if (voices.isEmpty()) {
            throw new IllegalArgumentException("the synthesizer offers no voice");
        }
    }
}
