package dev.videochat.tts.gptsovits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.videochat.api.Call;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.audio.PcmDecoder;
import dev.videochat.core.config.BuilderChecks;
import dev.videochat.core.provider.Providers;
import dev.videochat.core.audio.WavHeader;
import dev.videochat.tts.synthesis.EngineThreads;
import dev.videochat.tts.synthesis.SynthesisCall;
import dev.videochat.tts.text.TextPreparation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * A GPT-SoVITS {@code api_v2} server: each piece of text is one {@code POST /tts} in streaming mode, whose body is
 * a WAV header (sample rate: 32 kHz for v1/v2 models, 24 kHz for v3, 48 kHz for v4) followed by raw 16-bit PCM,
 * passed on as it arrives. Cancelling aborts the HTTP exchange, which the server sees as a closed connection. The
 * server runs one request at a time; so does this client.
 *
 * <pre>{@code
 * SpeechSynthesizer tts = GptSovitsSynthesizer.builder()
 *         .url(URI.create("http://127.0.0.1:9880"))
 *         .refAudioPath("/srv/voices/ref.wav").promptText("参考音频里说的话").promptLang("zh")
 *         .speedFactor(1.1)
 *         .build();
 * }</pre>
 * The {@code gpt-sovits} provider maps its settings onto {@link #builder()}.
 */
public final class GptSovitsSynthesizer implements SpeechSynthesizer {

    static final String NAME = "gpt-sovits";
    private static final int READ_BYTES = 8_192;

    private final URI base;
    private final Duration timeout;
    private final GptSovitsRequest request;
    private final GptSovitsReference reference;
    private final GptSovitsPrompt prompt;
    private final Voice voice;
    private final TextPreparation text;
    private final HttpClient http;
    private final ExecutorService executor;

    GptSovitsSynthesizer(URI base, Duration timeout, GptSovitsRequest request, GptSovitsReference reference,
                         GptSovitsPrompt prompt, String textLang, TextPreparation text) {
        this.base = base;
        this.timeout = timeout;
        this.request = request;
        this.reference = reference;
        this.prompt = prompt;
        this.voice = new Voice(reference.audioPath(), textLang);
        this.text = text;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.executor = EngineThreads.executor(NAME, 1);
    }

    /** A builder: server {@code http://127.0.0.1:9880}, 60 s timeout, text language {@code auto}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** One voice: the configured reference clip, speaking the {@code text-lang} language. */
    @Override
    public List<Voice> voices() {
        return List.of(voice);
    }

    @Override
    public Call<SynthesisResult> synthesize(String input, Voice wanted, SynthesisHandler handler) {
        Objects.requireNonNull(wanted, "voice");
        Objects.requireNonNull(handler, "handler");
        List<String> pieces = text.prepare(input);
        if (!wanted.id().equals(voice.id())) {
            throw new IllegalArgumentException("[TTS/gpt-sovits] unknown voice '" + wanted.id()
                    + "'; this engine speaks with the reference clip '" + voice.id() + "' (setting 'ref-audio-path')");
        }
        String lang = "-".equals(wanted.language()) ? voice.language() : wanted.language();
        return SynthesisCall.start(NAME, executor, handler, call -> {
            // The response stream's read waits interruptibly: interrupting is what unblocks it on cancel. The guard
            // keeps that interrupt from reaching whatever this pooled thread runs next.
            Thread worker = Thread.currentThread();
            boolean[] running = {true};
            call.onCancel(() -> {
                synchronized (running) {
                    if (running[0]) {
                        worker.interrupt();
                    }
                }
            });
            try {
                String promptText = prompt.text(reference.audioPath(), call);
                for (String piece : pieces) {
                    if (call.isCancelled()) {
                        return;
                    }
                    speak(call, piece, lang, promptText);
                }
            } finally {
                synchronized (running) {
                    running[0] = false;
                    if (call.isCancelled()) {
                        Thread.interrupted();
                    }
                }
            }
        });
    }

    private void speak(SynthesisCall call, String piece, String lang, String promptText) throws InterruptedException {
        URI endpoint = base.resolve("/tts");
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.json(piece, lang, reference, promptText), StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        call.onCancel(() -> pending.cancel(true));
        HttpResponse<InputStream> response;
        try {
            response = pending.get();
        } catch (ExecutionException e) {
            throw failure(endpoint, -1, true, "request failed: " + e.getCause(), e.getCause());
        }
        try (InputStream body = response.body()) {
            call.onCancel(() -> closeQuietly(body));
            if (response.statusCode() != 200) {
                String reply = new String(body.readNBytes(8_192), StandardCharsets.UTF_8);
                int status = response.statusCode();
                throw failure(endpoint, status, status == 429 || status >= 500,
                        "server answered " + status + ": " + errorText(reply), null);
            }
            WavHeader header = WavHeader.read(body);
            call.expectSampleRate(header.sampleRate());
            PcmDecoder decoder = new PcmDecoder(header);
            byte[] buffer = new byte[READ_BYTES];
            int n;
            while ((n = body.read(buffer)) > 0) {
                var chunk = decoder.decode(buffer, 0, n);
                if (chunk.isPresent() && !call.deliver(chunk.get())) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!call.isCancelled()) {
                throw failure(endpoint, response.statusCode(), true, "the audio stream broke off: " + e.getMessage(), e);
            }
        }
    }

    private static RemoteServiceException failure(URI endpoint, int status, boolean retryable, String message,
                                                  Throwable cause) {
        return new RemoteServiceException(Stage.TTS, NAME, endpoint, status, retryable, message, cause);
    }

    /** The server's {@code message} and {@code Exception} fields, or the reply itself when it is not that JSON. */
    static String errorText(String reply) {
        StringBuilder out = new StringBuilder();
        try (JsonParser p = new JsonFactory().createParser(reply)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.getCurrentName();
                    p.nextToken();
                    if (("message".equals(field) || "Exception".equals(field)) && p.currentToken().isScalarValue()) {
                        out.append(out.length() > 0 ? ": " : "").append(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            return reply.strip();
        }
        return out.length() > 0 ? out.toString() : reply.strip();
    }

    /**
     * Switches the server's GPT model ({@code GET /set_gpt_weights}).
     *
     * @param weightsPath a {@code .ckpt} path on the server's file system
     * @throws RemoteServiceException when the server refuses
     */
    public void setGptWeights(String weightsPath) throws InterruptedException {
        control("/set_gpt_weights?weights_path=", weightsPath);
    }

    /**
     * Switches the server's SoVITS model ({@code GET /set_sovits_weights}).
     *
     * @param weightsPath a {@code .pth} path on the server's file system
     * @throws RemoteServiceException when the server refuses
     */
    public void setSovitsWeights(String weightsPath) throws InterruptedException {
        control("/set_sovits_weights?weights_path=", weightsPath);
    }

    /**
     * Makes the server load a reference clip ahead of the first request that names it
     * ({@code GET /set_refer_audio}), so that request does not pay for reading and encoding the clip.
     *
     * @param referAudioPath a clip path on the server's file system
     * @throws RemoteServiceException when the server refuses
     */
    public void setReferenceAudio(String referAudioPath) throws InterruptedException {
        control("/set_refer_audio?refer_audio_path=", referAudioPath);
    }

    private void control(String pathAndQuery, String value) throws InterruptedException {
        URI endpoint = base.resolve(pathAndQuery + URLEncoder.encode(value, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw failure(endpoint, r.statusCode(), r.statusCode() >= 500,
                        "server answered " + r.statusCode() + ": " + errorText(r.body()), null);
            }
        } catch (IOException e) {
            throw failure(endpoint, -1, true, "request failed: " + e, e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing is how a cancel aborts the exchange; a failure to close changes nothing for the caller.
        }
    }

    @Override
    public void close() {
        EngineThreads.shutdownNow(executor);
        prompt.close();
    }

    /**
     * Builds a GPT-SoVITS engine; each method checks its value and names itself when it is wrong. The request
     * parameters ({@code topK} to {@code auxRefAudioPaths}) are sent to {@code /tts} under the server's names
     * ({@code top_k}, ...) when set, and left to the server's defaults otherwise.
     */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.TTS, NAME,
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

        private Builder() {
        }

        /** The server, {@code http://host:port} (default {@code http://127.0.0.1:9880}). */
        public Builder url(URI url) {
            this.url = CHECK.url("url(URI)", url, Set.of("http", "https"));
            return this;
        }

        /** The longest wait to connect and for a response's headers (default 60 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = CHECK.positive("timeout(Duration)", timeout);
            return this;
        }

        /**
         * The path, <em>on the server's file system</em>, of a 3 to 10 s clip of the voice to clone; required. When
         * it is readable here too (server on this machine), its length is checked when the engine is built.
         */
        public Builder refAudioPath(String path) {
            this.refAudioPath = CHECK.notBlank("refAudioPath(String)", path);
            return this;
        }

        /** What the reference clip says (default empty: transcribed by a prompt recognizer, if one is given). */
        public Builder promptText(String text) {
            this.promptText = CHECK.notNull("promptText(String)", text).strip();
            return this;
        }

        /**
         * The reference clip's language: {@code zh}, {@code en}, {@code ja}, {@code ko}, {@code yue}, ... (default
         * the text language).
         */
        public Builder promptLang(String language) {
            this.promptLang = CHECK.notBlank("promptLang(String)", language);
            return this;
        }

        /** The language of the text to speak, or {@code auto} (the default). */
        public Builder textLang(String language) {
            this.textLang = CHECK.notBlank("textLang(String)", language);
            return this;
        }

        /**
         * A speech recognizer that transcribes the reference clip when no prompt text is given: once, on the first
         * synthesis (the clip must then be readable here). The caller keeps ownership of it.
         */
        public Builder promptRecognizer(SpeechRecognizer recognizer) {
            this.promptRecognizer = CHECK.notNull("promptRecognizer(SpeechRecognizer)", recognizer);
            return this;
        }

        /**
         * As {@link #promptRecognizer}, with the ASR engine named {@code provider} created from {@code settings}
         * (only when no prompt text and no recognizer is given) and closed with this engine.
         */
        public Builder promptAsr(String provider, Map<String, String> settings) {
            String method = "promptAsr(String, Map)";
            this.promptAsr = CHECK.notBlank(method, provider);
            this.promptAsrSettings = Map.copyOf(CHECK.notNull(method, settings));
            return this;
        }

        /** {@code top_k}: sample from the k most likely tokens, at least 1. */
        public Builder topK(int k) {
            return parameter("top_k", CHECK.range("topK(int)", k, 1, Integer.MAX_VALUE));
        }

        /** {@code top_p}: nucleus sampling, 0 to 1. */
        public Builder topP(double p) {
            return parameter("top_p", CHECK.range("topP(double)", p, 0, 1));
        }

        /** {@code temperature}: sampling temperature, above 0 (at most 100). */
        public Builder temperature(double t) {
            String method = "temperature(double)";
            if (!(t > 0)) {
                throw CHECK.invalid(method, "must be above 0, got " + t);
            }
            return parameter("temperature", CHECK.range(method, t, 0, 100));
        }

        /** {@code text_split_method}: how the server cuts the text, such as {@code cut5}. */
        public Builder textSplitMethod(String method) {
            return parameter("text_split_method", CHECK.notBlank("textSplitMethod(String)", method));
        }

        /** {@code batch_size}: sentences inferred at once, at least 1. */
        public Builder batchSize(int size) {
            return parameter("batch_size", CHECK.range("batchSize(int)", size, 1, Integer.MAX_VALUE));
        }

        /** {@code batch_threshold}: the batch splitting threshold, 0 to 1. */
        public Builder batchThreshold(double threshold) {
            return parameter("batch_threshold", CHECK.range("batchThreshold(double)", threshold, 0, 1));
        }

        /** {@code split_bucket}: whether the server buckets sentences by length. */
        public Builder splitBucket(boolean split) {
            return parameter("split_bucket", split);
        }

        /** {@code speed_factor}: speaking speed, 0.1 to 10 (1 is normal). */
        public Builder speedFactor(double factor) {
            return parameter("speed_factor", CHECK.range("speedFactor(double)", factor, 0.1, 10));
        }

        /** {@code fragment_interval}: the pause between fragments, 0 to 10 s. */
        public Builder fragmentInterval(double seconds) {
            return parameter("fragment_interval", CHECK.range("fragmentInterval(double)", seconds, 0, 10));
        }

        /** {@code seed}: the random seed, -1 for a random one. */
        public Builder seed(long seed) {
            return parameter("seed", CHECK.range("seed(long)", seed, -1, Long.MAX_VALUE));
        }

        /** {@code parallel_infer}: whether the server infers sentences in parallel. */
        public Builder parallelInfer(boolean parallel) {
            return parameter("parallel_infer", parallel);
        }

        /** {@code repetition_penalty}: above 0 (at most 10). */
        public Builder repetitionPenalty(double penalty) {
            String method = "repetitionPenalty(double)";
            if (!(penalty > 0)) {
                throw CHECK.invalid(method, "must be above 0, got " + penalty);
            }
            return parameter("repetition_penalty", CHECK.range(method, penalty, 0, 10));
        }

        /** {@code sample_steps}: diffusion steps of v3/v4 models, at least 1. */
        public Builder sampleSteps(int steps) {
            return parameter("sample_steps", CHECK.range("sampleSteps(int)", steps, 1, 1_000));
        }

        /** {@code super_sampling}: whether v3 models upsample their output. */
        public Builder superSampling(boolean on) {
            return parameter("super_sampling", on);
        }

        /** {@code overlap_length}: overlap of streamed chunks, in semantic tokens, 0 or more. */
        public Builder overlapLength(int tokens) {
            return parameter("overlap_length", CHECK.range("overlapLength(int)", tokens, 0, Integer.MAX_VALUE));
        }

        /** {@code min_chunk_length}: the shortest streamed chunk, in semantic tokens, 0 or more. */
        public Builder minChunkLength(int tokens) {
            return parameter("min_chunk_length", CHECK.range("minChunkLength(int)", tokens, 0, Integer.MAX_VALUE));
        }

        /** {@code streaming_mode}: 0 (whole answer at once) to 3 (default 1: each sentence as it is ready). */
        public Builder streamingMode(int mode) {
            return parameter("streaming_mode", CHECK.range("streamingMode(int)", mode, 0, 3));
        }

        /** {@code aux_ref_audio_paths}: further clips, on the server, fused into the voice's tone. */
        public Builder auxRefAudioPaths(List<String> paths) {
            String method = "auxRefAudioPaths(List)";
            List<String> list = CHECK.notNull(method, paths).stream().map(p -> CHECK.notBlank(method, p)).toList();
            return parameter("aux_ref_audio_paths", list);
        }

        /** Whether markdown, emoji and URLs are removed before synthesis (default true). */
        public Builder cleanText(boolean clean) {
            this.cleanText = clean;
            return this;
        }

        /** The longest piece of text sent at once, 2 to 10,000 chars (default 300); longer text is split. */
        public Builder maxChars(int chars) {
            this.maxChars = CHECK.range("maxChars(int)", chars, 2, 10_000);
            return this;
        }

        private Builder parameter(String name, Object value) {
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
}
