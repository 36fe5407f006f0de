package dev.videochat.tts.gptsovits;

import dev.videochat.api.Stage;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.config.Settings;
import dev.videochat.tts.text.TextPreparation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Provider {@code "gpt-sovits"}: a GPT-SoVITS {@code api_v2} server ({@code python api_v2.py}) cloning the voice of
 * a 3 to 10 s reference clip.
 *
 * <p>Settings, each mapped onto the {@link GptSovitsSynthesizer#builder()} method of the same name in camel case:
 * {@code url} (default {@code http://127.0.0.1:9880}), {@code timeout} (to the response headers and for connecting,
 * default 60 s), {@code ref-audio-path} (required, a path on the server), {@code prompt-text}, {@code prompt-lang}
 * and {@code text-lang} (default {@code auto}), and every other {@code /tts} parameter with dashes for underscores:
 * {@code top-k}, {@code top-p}, {@code temperature}, {@code text-split-method}, {@code batch-size},
 * {@code batch-threshold}, {@code split-bucket}, {@code speed-factor}, {@code fragment-interval}, {@code seed},
 * {@code parallel-infer}, {@code repetition-penalty}, {@code sample-steps}, {@code super-sampling},
 * {@code overlap-length}, {@code min-chunk-length}, {@code streaming-mode} (default 1), {@code aux-ref-audio-paths}
 * (comma-separated server paths); plus {@code clean-text} and {@code max-chars}.
 *
 * <p>When {@code prompt-text} is empty and a speech recognizer is at hand (given to
 * {@link #create(Map, SpeechRecognizer)}, or the ASR provider named by {@value #PROMPT_ASR}, created with the
 * settings under {@code prompt-asr.} without that prefix), the reference clip is transcribed once, on the first
 * synthesis, and the text kept; the clip must then be readable on this machine.
 */
public final class GptSovitsProvider implements SpeechSynthesizerProvider {

    /** Setting key: the name of an ASR provider that transcribes the reference clip when no prompt text is set. */
    public static final String PROMPT_ASR = "prompt-asr";
    private static final Set<String> SETTINGS = Set.of("url", "timeout", "ref-audio-path", "prompt-text",
            "prompt-lang", "text-lang", PROMPT_ASR, PROMPT_ASR + ".*", "top-k", "top-p", "temperature",
            "text-split-method", "batch-size", "batch-threshold", "split-bucket", "speed-factor", "fragment-interval",
            "seed", "parallel-infer", "repetition-penalty", "sample-steps", "super-sampling", "overlap-length",
            "min-chunk-length", "streaming-mode", "aux-ref-audio-paths", TextPreparation.CLEAN_TEXT,
            TextPreparation.MAX_CHARS);

    @Override
    public String name() {
        return GptSovitsSynthesizer.NAME;
    }

    @Override
    public String description() {
        return "GPT-SoVITS api_v2 HTTP server, voice cloned from a 3-10 s reference clip; needs the server running";
    }

    @Override
    public Set<String> settingNames() {
        return SETTINGS;
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
     * @throws dev.videochat.api.ConfigurationException naming the setting that is unknown, missing or wrong
     */
    public SpeechSynthesizer create(Map<String, String> settings, SpeechRecognizer promptRecognizer) {
        Settings s = Settings.of(Stage.TTS, name(), settings, SETTINGS);
        GptSovitsSynthesizerBuilder b = GptSovitsSynthesizer.builder();
        s.ifUri("url", b::url);
        s.ifDuration("timeout", b::timeout);
        s.ifSet("ref-audio-path", b::refAudioPath);
        s.ifSet("prompt-text", b::promptText);
        s.ifSet("prompt-lang", b::promptLang);
        s.ifSet("text-lang", b::textLang);
        if (promptRecognizer != null) {
            b.promptRecognizer(promptRecognizer);
        }
        s.ifSet(PROMPT_ASR, asr -> b.promptAsr(asr, prefixed(s.asMap(), PROMPT_ASR + ".")));
        s.ifInt("top-k", b::topK);
        s.ifDouble("top-p", b::topP);
        s.ifDouble("temperature", b::temperature);
        s.ifSet("text-split-method", b::textSplitMethod);
        s.ifInt("batch-size", b::batchSize);
        s.ifDouble("batch-threshold", b::batchThreshold);
        s.ifBoolean("split-bucket", b::splitBucket);
        s.ifDouble("speed-factor", b::speedFactor);
        s.ifDouble("fragment-interval", b::fragmentInterval);
        s.ifLong("seed", b::seed);
        s.ifBoolean("parallel-infer", b::parallelInfer);
        s.ifDouble("repetition-penalty", b::repetitionPenalty);
        s.ifInt("sample-steps", b::sampleSteps);
        s.ifBoolean("super-sampling", b::superSampling);
        s.ifInt("overlap-length", b::overlapLength);
        s.ifInt("min-chunk-length", b::minChunkLength);
        s.ifInt("streaming-mode", b::streamingMode);
        s.ifSet("aux-ref-audio-paths", paths -> b.auxRefAudioPaths(Arrays.stream(paths.split(","))
                .map(String::strip).filter(p -> !p.isEmpty()).toList()));
        s.ifBoolean(TextPreparation.CLEAN_TEXT, b::cleanText);
        s.ifInt(TextPreparation.MAX_CHARS, b::maxChars);
        return b.build();
    }

    /** The settings under {@code prefix}, with the prefix removed. */
    private static Map<String, String> prefixed(Map<String, String> settings, String prefix) {
        Map<String, String> out = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
