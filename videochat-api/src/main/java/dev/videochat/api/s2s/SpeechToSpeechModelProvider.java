package dev.videochat.api.s2s;

import dev.videochat.api.Provider;

/** Finds speech-to-speech models with {@link java.util.ServiceLoader}. */
public interface SpeechToSpeechModelProvider extends Provider<SpeechToSpeechModel> {
}
