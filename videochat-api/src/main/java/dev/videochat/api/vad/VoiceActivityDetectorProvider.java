package dev.videochat.api.vad;

import dev.videochat.api.Provider;

/** Finds voice activity detectors with {@link java.util.ServiceLoader}. */
public interface VoiceActivityDetectorProvider extends Provider<VoiceActivityDetector> {
}
