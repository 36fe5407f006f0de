package dev.videochat.tts.gptsovits;

import dev.videochat.api.Stage;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.core.config.BuilderChecks;
import dev.videochat.core.provider.Providers;
import dev.videochat.tts.text.TextPreparation;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a GPT-SoVITS engine; get one from {@link GptSovitsSynthesizer#builder()}. Each method checks its value and
 * names itself when it is wrong. The request parameters ({@code topK} to {@code auxRefAudioPaths}) are sent to
 * {@code /tts} under the server's names ({@code top_k}, ...) when set, and left to the server's defaults otherwise.
 * The {@code gpt-sovits} provider maps its settings onto this builder.
 */
public final class GptSovitsSynthesizerBuilder {

    private static final BuilderChecks CHECK = new BuilderChecks(Stage.TTS, GptSovitsSynthesizer.NAME,
            "GptSovitsSynthesizer.builder()");

    private URI url = URI.create("http://127.0.0.1:9880");
    private Duration timeout = Duration.ofSeconds(60);
    private String refAudioPath;
    private String promptText = "";
    private String promptLang;
    private String textLang = "auto";
    private SpeechRecognizer promptRecognizer;
    private String promptAsr;
    private Map<String, String> promptAsrSettings = Map.of();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private boolean cleanText = true;
    private int maxChars = 300;

    /** Use {@link GptSovitsSynthesizer#builder()}. */
    GptSovitsSynthesizerBuilder() {
    }

    /** The server, {@code http://host:port} (default {@code http://127.0.0.1:9880}). */
    public GptSovitsSynthesizerBuilder url(URI url) {
        this.url = CHECK.url("url(URI)", url, Set.of("http", "https"));
        return this;
    }

    /** The longest wait to connect and for a response's headers (default 60 s). */
    public GptSovitsSynthesizerBuilder timeout(Duration timeout) {
        this.timeout = CHECK.positive("timeout(Duration)", timeout);
        return this;
    }

    /**
     * The path, <em>on the server's file system</em>, of a 3 to 10 s clip of the voice to clone; required. When
     * it is readable here too (server on this machine), its length is checked when the engine is built.
     */
    public GptSovitsSynthesizerBuilder refAudioPath(String path) {
        this.refAudioPath = CHECK.notBlank("refAudioPath(String)", path);
        return this;
    }

    /** What the reference clip says (default empty: transcribed by a prompt recognizer, if one is given). */
    public GptSovitsSynthesizerBuilder promptText(String text) {
        this.promptText = CHECK.notNull("promptText(String)", text).strip();
        return this;
    }

    /**
     * The reference clip's language: {@code zh}, {@code en}, {@code ja}, {@code ko}, {@code yue}, ... (default
     * the text language).
     */
    public GptSovitsSynthesizerBuilder promptLang(String language) {
        this.promptLang = CHECK.notBlank("promptLang(String)", language);
        return this;
    }

    /** The language of the text to speak, or {@code auto} (the default). */
    public GptSovitsSynthesizerBuilder textLang(String language) {
        this.textLang = CHECK.notBlank("textLang(String)", language);
        return this;
    }

    /**
     * A speech recognizer that transcribes the reference clip when no prompt text is given: once, on the first
     * synthesis (the clip must then be readable here). The caller keeps ownership of it.
     */
    public GptSovitsSynthesizerBuilder promptRecognizer(SpeechRecognizer recognizer) {
        this.promptRecognizer = CHECK.notNull("promptRecognizer(SpeechRecognizer)", recognizer);
        return this;
    }

    /**
     * As {@link #promptRecognizer}, with the ASR engine named {@code provider} created from {@code settings}
     * (only when no prompt text and no recognizer is given) and closed with this engine.
     */
    public GptSovitsSynthesizerBuilder promptAsr(String provider, Map<String, String> settings) {
        String method = "promptAsr(String, Map)";
        this.promptAsr = CHECK.notBlank(method, provider);
        this.promptAsrSettings = Map.copyOf(CHECK.notNull(method, settings));
        return this;
    }

    /** {@code top_k}: sample from the k most likely tokens, at least 1. */
    public GptSovitsSynthesizerBuilder topK(int k) {
        return parameter("top_k", CHECK.range("topK(int)", k, 1, Integer.MAX_VALUE));
    }

    /** {@code top_p}: nucleus sampling, 0 to 1. */
    public GptSovitsSynthesizerBuilder topP(double p) {
        return parameter("top_p", CHECK.range("topP(double)", p, 0, 1));
    }

    /** {@code temperature}: sampling temperature, above 0 (at most 100). */
    public GptSovitsSynthesizerBuilder temperature(double t) {
        String method = "temperature(double)";
        if (!(t > 0)) {
            throw CHECK.invalid(method, "must be above 0, got " + t);
        }
        return parameter("temperature", CHECK.range(method, t, 0, 100));
    }

    /** {@code text_split_method}: how the server cuts the text, such as {@code cut5}. */
    public GptSovitsSynthesizerBuilder textSplitMethod(String method) {
        return parameter("text_split_method", CHECK.notBlank("textSplitMethod(String)", method));
    }

    /** {@code batch_size}: sentences inferred at once, at least 1. */
    public GptSovitsSynthesizerBuilder batchSize(int size) {
        return parameter("batch_size", CHECK.range("batchSize(int)", size, 1, Integer.MAX_VALUE));
    }

    /** {@code batch_threshold}: the batch splitting threshold, 0 to 1. */
    public GptSovitsSynthesizerBuilder batchThreshold(double threshold) {
        return parameter("batch_threshold", CHECK.range("batchThreshold(double)", threshold, 0, 1));
    }

    /** {@code split_bucket}: whether the server buckets sentences by length. */
    public GptSovitsSynthesizerBuilder splitBucket(boolean split) {
        return parameter("split_bucket", split);
    }

    /** {@code speed_factor}: speaking speed, 0.1 to 10 (1 is normal). */
    public GptSovitsSynthesizerBuilder speedFactor(double factor) {
        return parameter("speed_factor", CHECK.range("speedFactor(double)", factor, 0.1, 10));
    }

    /** {@code fragment_interval}: the pause between fragments, 0 to 10 s. */
    public GptSovitsSynthesizerBuilder fragmentInterval(double seconds) {
        return parameter("fragment_interval", CHECK.range("fragmentInterval(double)", seconds, 0, 10));
    }

    /** {@code seed}: the random seed, -1 for a random one. */
    public GptSovitsSynthesizerBuilder seed(long seed) {
        return parameter("seed", CHECK.range("seed(long)", seed, -1, Long.MAX_VALUE));
    }

    /** {@code parallel_infer}: whether the server infers sentences in parallel. */
    public GptSovitsSynthesizerBuilder parallelInfer(boolean parallel) {
        return parameter("parallel_infer", parallel);
    }

    /** {@code repetition_penalty}: above 0 (at most 10). */
    public GptSovitsSynthesizerBuilder repetitionPenalty(double penalty) {
        String method = "repetitionPenalty(double)";
        if (!(penalty > 0)) {
            throw CHECK.invalid(method, "must be above 0, got " + penalty);
        }
        return parameter("repetition_penalty", CHECK.range(method, penalty, 0, 10));
    }

    /** {@code sample_steps}: diffusion steps of v3/v4 models, at least 1. */
    public GptSovitsSynthesizerBuilder sampleSteps(int steps) {
        return parameter("sample_steps", CHECK.range("sampleSteps(int)", steps, 1, 1_000));
    }

    /** {@code super_sampling}: whether v3 models upsample their output. */
    public GptSovitsSynthesizerBuilder superSampling(boolean on) {
        return parameter("super_sampling", on);
    }

    /** {@code overlap_length}: overlap of streamed chunks, in semantic tokens, 0 or more. */
    public GptSovitsSynthesizerBuilder overlapLength(int tokens) {
        return parameter("overlap_length", CHECK.range("overlapLength(int)", tokens, 0, Integer.MAX_VALUE));
    }

    /** {@code min_chunk_length}: the shortest streamed chunk, in semantic tokens, 0 or more. */
    public GptSovitsSynthesizerBuilder minChunkLength(int tokens) {
        return parameter("min_chunk_length", CHECK.range("minChunkLength(int)", tokens, 0, Integer.MAX_VALUE));
    }

    /** {@code streaming_mode}: 0 (whole answer at once) to 3 (default 1: each sentence as it is ready). */
    public GptSovitsSynthesizerBuilder streamingMode(int mode) {
        return parameter("streaming_mode", CHECK.range("streamingMode(int)", mode, 0, 3));
    }

    /** {@code aux_ref_audio_paths}: further clips, on the server, fused into the voice's tone. */
    public GptSovitsSynthesizerBuilder auxRefAudioPaths(List<String> paths) {
        String method = "auxRefAudioPaths(List)";
        List<String> list = CHECK.notNull(method, paths).stream().map(p -> CHECK.notBlank(method, p)).toList();
        return parameter("aux_ref_audio_paths", list);
    }

    /** Whether markdown, emoji and URLs are removed before synthesis (default true). */
    public GptSovitsSynthesizerBuilder cleanText(boolean clean) {
        this.cleanText = clean;
        return this;
    }

    /** The longest piece of text sent at once, 2 to 10,000 chars (default 300); longer text is split. */
    public GptSovitsSynthesizerBuilder maxChars(int chars) {
        this.maxChars = CHECK.range("maxChars(int)", chars, 2, 10_000);
        return this;
    }

    private GptSovitsSynthesizerBuilder parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    /**
     * The engine; nothing connects until the first synthesis.
     *
     * @throws dev.videochat.api.ConfigurationException when no reference clip is given, or it is readable here
     *                                                  and is not 3 to 10 s long
     */
    public SpeechSynthesizer build() {
        if (refAudioPath == null) {
            throw CHECK.missing("refAudioPath", "refAudioPath", "ref-audio-path",
                    "the path, on the GPT-SoVITS server, of a 3-10 s clip of the voice to clone");
        }
        GptSovitsReference reference = new GptSovitsReference(refAudioPath,
                promptLang == null ? textLang : promptLang);
        reference.checkLocally();
        GptSovitsPrompt prompt;
        if (promptRecognizer != null || !promptText.isEmpty()) {
            prompt = new GptSovitsPrompt(promptText, Optional.ofNullable(promptRecognizer), false);
        } else {
            // Only now, with no prompt text, is the named ASR engine worth creating (it may load a model).
            prompt = new GptSovitsPrompt("", Optional.ofNullable(promptAsr)
                    .map(name -> Providers.recognizer(name, promptAsrSettings)), true);
        }
        return new GptSovitsSynthesizer(url, timeout, GptSovitsRequest.of(parameters), reference, prompt,
                textLang, new TextPreparation(cleanText, maxChars));
    }
}
