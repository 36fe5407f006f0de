package dev.videochat.tts.gptsovits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.videochat.api.Call;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.audio.PcmDecoder;
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
import java.util.List;
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
    public static GptSovitsSynthesizerBuilder builder() {
        return new GptSovitsSynthesizerBuilder();
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
}
