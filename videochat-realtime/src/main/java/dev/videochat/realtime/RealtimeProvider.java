package dev.videochat.realtime;

import dev.videochat.api.s2s.SpeechToSpeechModel;
import dev.videochat.api.s2s.SpeechToSpeechModelProvider;

import java.util.Map;
import java.util.Set;

/**
 * {@code realtime}: a speech-to-speech model over the OpenAI Realtime protocol. Settings, mapped onto
 * {@link RealtimeSpeechModel#builder(RealtimePreset)} (each the method of the same name in camel case):
 * {@code preset} ({@code openai}, {@code dashscope}, {@code local}), {@code base-url}, {@code model}, {@code voice},
 * {@code instructions}, {@code api-key}, {@code api-key-env}, {@code openai-beta-header}, {@code input-audio-format},
 * {@code input-sample-rate} (Hz), {@code output-audio-format}, {@code output-sample-rate} (Hz), {@code server-vad},
 * {@code input-transcription-model}, {@code connect-timeout}, {@code idle-timeout}; see the module README.
 */
public final class RealtimeProvider implements SpeechToSpeechModelProvider {

    static final String NAME = "realtime";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "speech-to-speech over the OpenAI Realtime protocol (OpenAI, Qwen-Omni-Realtime, local servers);"
                + " needs the key in OPENAI_API_KEY or DASHSCOPE_API_KEY for the hosted services";
    }

    @Override
    public Set<String> settingNames() {
        return RealtimeSettings.NAMES;
    }

    @Override
    public SpeechToSpeechModel create(Map<String, String> settings) {
        return new RealtimeSpeechModel(RealtimeSettings.from(settings, System.getenv()));
    }
}
