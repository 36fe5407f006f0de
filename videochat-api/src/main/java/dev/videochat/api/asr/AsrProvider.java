package dev.videochat.api.asr;

import dev.videochat.api.Provider;

/** Service type for ASR engines: register in {@code META-INF/services/dev.videochat.api.asr.AsrProvider}. */
public interface AsrProvider extends Provider<SpeechRecognizer> {
}
