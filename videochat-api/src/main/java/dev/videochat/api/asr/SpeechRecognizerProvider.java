package dev.videochat.api.asr;

import dev.videochat.api.Provider;

/** Service type for ASR engines: register in {@code META-INF/services/dev.videochat.api.asr.SpeechRecognizerProvider}. */
public interface SpeechRecognizerProvider extends Provider<SpeechRecognizer> {
}
