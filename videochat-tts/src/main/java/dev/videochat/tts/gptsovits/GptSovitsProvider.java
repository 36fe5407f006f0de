package dev.videochat.tts.gptsovits;

import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.TtsProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.time.Duration;
import java.util.Map;

/**
 * Provider {@code "gpt-sovits"}: a GPT-SoVITS {@code api_v2} server ({@code python api_v2.py}) cloning the voice of
 * a 3 to 10 s reference clip.
 *
 * <p>Settings: {@code url} (default {@code http://127.0.0.1:9880}), {@code timeout} (to the response headers and
 * for connecting, default 60 s), {@code ref-audio-path} (required, a path on the server), {@code prompt-text},
 * {@code prompt-lang} and {@code text-lang} (default {@code auto}), and every other {@code /tts} parameter with
 * dashes for underscores: {@code top-k}, {@code top-p}, {@code temperature}, {@code text-split-method},
 * {@code batch-size}, {@code batch-threshold}, {@code split-bucket}, {@code speed-factor},
 * {@code fragment-interval}, {@code seed}, {@code parallel-infer}, {@code repetition-penalty},
 * {@code sample-steps}, {@code super-sampling}, {@code overlap-length}, {@code min-chunk-length},
 * {@code streaming-mode} (default 1); plus {@code clean-text} and {@code max-chars}.
 */
public final class GptSovitsProvider implements TtsProvider {

    @Override
    public String name() {
        return GptSovitsSynthesizer.NAME;
    }

    @Override
    public String description() {
        return "GPT-SoVITS api_v2 HTTP server, voice cloned from a 3-10 s reference clip; needs the server running";
    }

    @Override
    public SpeechSynthesizer create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.TTS, name(), settings);
        String textLang = s.get("text-lang", "auto");
        GptSovitsReference reference = new GptSovitsReference(
                s.require("ref-audio-path", "the path, on the GPT-SoVITS server, of a 3-10 s clip of the voice to clone"),
                s.get("prompt-text", ""), s.get("prompt-lang", textLang));
        reference.checkLocally();
        return new GptSovitsSynthesizer(s.getUri("url", "http://127.0.0.1:9880"),
                s.getDuration("timeout", Duration.ofSeconds(60)), GptSovitsRequest.from(s), reference, textLang,
                TextPreparation.from(s, 300, 10_000));
    }
}
