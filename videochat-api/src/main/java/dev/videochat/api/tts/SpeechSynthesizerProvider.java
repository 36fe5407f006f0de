package dev.videochat.api.tts;

import dev.videochat.api.Provider;

/** Service type for TTS engines: register in {@code META-INF/services/dev.videochat.api.tts.SpeechSynthesizerProvider}. */
public interface SpeechSynthesizerProvider extends Provider<SpeechSynthesizer> {
}
