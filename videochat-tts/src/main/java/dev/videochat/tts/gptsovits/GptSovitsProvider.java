package dev.videochat.tts.gptsovits;

import dev.videochat.api.Stage;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.core.provider.Providers;
import dev.videochat.tts.text.TextPreparation;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
 * {@code streaming-mode} (default 1), {@code aux-ref-audio-paths} (comma-separated server paths); plus
 * {@code clean-text} and {@code max-chars}.
 *
 * <p>When {@code prompt-text} is empty and a speech recognizer is at hand (given to
 * {@link #create(Map, SpeechRecognizer)}, or the ASR provider named by {@value #PROMPT_ASR}, created with the
 * settings under {@code prompt-asr.} without that prefix), the reference clip is transcribed once, on the first
 * synthesis, and the text kept; the clip must then be readable on this machine.
 */
public final class GptSovitsProvider implements SpeechSynthesizerProvider {

    /** Setting key: the name of an ASR provider that transcribes the reference clip when no prompt text is set. */
    public static final String PROMPT_ASR = "prompt-asr";

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
        return create(settings, null);
    }

    /**
     * Creates the engine with a speech recognizer given in code for the reference clip's prompt text: used only when
     * {@code prompt-text} is empty, once, on the first synthesis (the text is then kept). The caller keeps
     * ownership of {@code promptRecognizer}; closing the engine does not close it.
     *
     * @param promptRecognizer an ASR engine, or {@code null} to use the one named by {@code prompt-asr}, if any
     * @throws dev.videochat.api.ConfigurationException naming the setting that is missing or wrong
     */
    public SpeechSynthesizer create(Map<String, String> settings, SpeechRecognizer promptRecognizer) {
        Settings s = Settings.of(Stage.TTS, name(), settings);
        String textLang = s.get("text-lang", "auto");
        GptSovitsReference reference = new GptSovitsReference(
                s.require("ref-audio-path", "the path, on the GPT-SoVITS server, of a 3-10 s clip of the voice to clone"),
                s.get("prompt-lang", textLang));
        reference.checkLocally();
        String promptText = s.get("prompt-text", "");
        GptSovitsPrompt prompt;
        if (promptRecognizer != null || !promptText.isEmpty()) {
            prompt = new GptSovitsPrompt(promptText, Optional.ofNullable(promptRecognizer), false);
        } else {
            // Only now, with no prompt text, is the named ASR engine worth creating (it may load a model).
            prompt = new GptSovitsPrompt("", s.get(PROMPT_ASR).map(asr -> Providers.recognizer(asr,
                    prefixed(settings, PROMPT_ASR + "."))), true);
        }
        return new GptSovitsSynthesizer(s.getUri("url", "http://127.0.0.1:9880"),
                s.getDuration("timeout", Duration.ofSeconds(60)), GptSovitsRequest.from(s), reference, prompt, textLang,
                TextPreparation.from(s, 300, 10_000));
    }

    /** The settings under {@code prefix}, with the prefix removed. */
    private static Map<String, String> prefixed(Map<String, String> settings, String prefix) {
        Map<String, String> out = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k != null && v != null && k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
