package dev.videochat.tts.offline;

import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;

import java.util.Map;

/**
 * Provider {@code "offline"}: {@link OfflineVoices}, English by FreeTTS and Mandarin by espeak-ng in-process where
 * libespeak-ng1 is installed. Settings prefixed {@code freetts.} and {@code espeak.} go to each engine.
 */
public final class OfflineProvider implements SpeechSynthesizerProvider {

    @Override
    public String name() {
        return OfflineVoices.NAME;
    }

    @Override
    public String description() {
        return "offline voices: English by FreeTTS, Mandarin by espeak-ng in-process when libespeak-ng1 is installed";
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        return OfflineVoices.create(settings);
    }
}
