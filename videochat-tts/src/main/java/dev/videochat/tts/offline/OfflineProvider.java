package dev.videochat.tts.offline;

import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;

import java.util.Map;
import java.util.Set;

/**
 * Provider {@code "offline"}: {@link OfflineVoices}, English by FreeTTS and Mandarin by espeak-ng in-process where
 * libespeak-ng1 is installed. Settings: {@code voice}; settings prefixed {@code freetts.} and {@code espeak.} go to
 * each engine (the keys of the providers {@code freetts} and {@code espeak}), mapped onto
 * {@link OfflineVoices#builder()}.
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
    public Set<String> settingNames() {
        return OfflineVoices.SETTINGS;
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        return OfflineVoices.create(settings);
    }
}
