package dev.videochat.tts.cosyvoice;

import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;

import java.util.Map;
import java.util.Set;

/**
 * {@code cosyvoice}: CosyVoice on Alibaba Cloud Model Studio (DashScope) through its streaming WebSocket. Needs a
 * key: the setting {@code api-key}, or the environment variable {@code DASHSCOPE_API_KEY} (or the one named by
 * {@code api-key-env}); a missing key fails here, naming the variable, {@code apiKey(..)} and the setting.
 *
 * <p>Settings, each mapped onto the {@link CosyVoiceSynthesizer#builder()} method of the same name in camel case:
 * {@code url}, {@code model} (default {@code cosyvoice-v2}), {@code voice} (default {@code longxiaochun_v2}),
 * {@code format} ({@code pcm}, {@code mp3} or {@code wav}; default {@code pcm}; the handler always gets 16-bit PCM),
 * {@code sample-rate} (Hz, default 22050), {@code volume} (50), {@code rate} (1.0), {@code pitch} (1.0),
 * {@code connect-timeout} (10s), {@code idle-timeout} (20s), {@code max-task-chars} (characters of cleaned text per
 * task, CJK counting twice, default 90000; longer text runs as several tasks), {@code clean-text},
 * {@code max-chars}, {@code api-key}, {@code api-key-env}.
 */
public final class CosyVoiceProvider implements SpeechSynthesizerProvider {

    static final String NAME = "cosyvoice";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "CosyVoice on DashScope (streaming WebSocket, Chinese and English voices); needs DASHSCOPE_API_KEY";
    }

    @Override
    public Set<String> settingNames() {
        return CosyVoiceSettings.NAMES;
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        return new CosyVoiceSynthesizer(CosyVoiceSettings.from(settings, System.getenv()));
    }
}
