package dev.videochat.tts.edge;

import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;

import java.util.Map;
import java.util.Set;

/**
 * {@code edge-tts}: the neural voices of Microsoft Edge's read-aloud service, over its WebSocket. No key, but
 * network access to speech.platform.bing.com; unofficial, so it may change or be blocked. Settings, each mapped
 * onto the {@link EdgeTtsSynthesizer#builder()} method of the same name in camel case: {@code voice} (default
 * {@code en-US-AriaNeural}; e.g. {@code zh-CN-XiaoxiaoNeural}), {@code rate} ({@code +0%}), {@code pitch}
 * ({@code +0Hz}), {@code volume} ({@code +0%}), {@code word-boundaries} (true), {@code chromium-version},
 * {@code url}, {@code connect-timeout}, {@code idle-timeout}, {@code clean-text}, {@code max-chars}.
 */
public final class EdgeTtsProvider implements SpeechSynthesizerProvider {

    static final String NAME = "edge-tts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Microsoft Edge read-aloud neural voices (many languages, word timings); needs network access";
    }

    @Override
    public Set<String> settingNames() {
        return EdgeSettings.NAMES;
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        return new EdgeTtsSynthesizer(EdgeSettings.from(settings));
    }
}
