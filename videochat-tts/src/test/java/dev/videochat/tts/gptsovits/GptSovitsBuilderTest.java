package dev.videochat.tts.gptsovits;

import com.sun.net.httpserver.HttpServer;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.audio.WavHeader;
import dev.videochat.tts.testing.RecordingHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builder against a loopback server speaking api_v2's /tts: a WAV header, then PCM. */
class GptSovitsBuilderTest {

    private static final int RATE = 32_000;

    private HttpServer server;
    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tts", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(WavHeader.pcm16Mono(RATE, 0).toBytes());
                out.write(Wav.toPcm16le(AudioChunk.silence(3_200, RATE)));
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void anEngineFromTheBuilderSynthesizesThroughTheServer() throws Exception {
        try (SpeechSynthesizer tts = GptSovitsSynthesizer.builder().url(base()).timeout(Duration.ofSeconds(5))
                .refAudioPath("/srv/voices/ref.wav").promptText("你好").promptLang("zh").textLang("en")
                .topK(5).speedFactor(1.1).build()) {
            RecordingHandler handler = new RecordingHandler();
            SynthesisResult result = tts.synthesize("Hello there.", tts.defaultVoice(), handler).await();
            assertEquals(RATE, result.sampleRate());
            assertEquals(3_200, handler.audio().sampleCount());
            String body = take();
            for (String expected : List.of("\"text\":\"Hello there.\"", "\"ref_audio_path\":\"/srv/voices/ref.wav\"",
                    "\"prompt_lang\":\"zh\"", "\"top_k\":5", "\"speed_factor\":1.1", "\"streaming_mode\":1")) {
                assertTrue(body.contains(expected), expected + " in " + body);
            }
        }
    }

    @Test
    void theBuilderAndTheSettingsSendTheSameRequest() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.ofEntries(Map.entry("url", base().toString()),
                Map.entry("ref-audio-path", "/srv/ref.wav"), Map.entry("prompt-text", "参考"),
                Map.entry("prompt-lang", "zh"), Map.entry("text-lang", "zh"), Map.entry("top-k", "15"),
                Map.entry("top-p", "0.8"), Map.entry("temperature", "0.9"),
                Map.entry("text-split-method", "cut5"), Map.entry("batch-size", "2"),
                Map.entry("batch-threshold", "0.75"), Map.entry("split-bucket", "false"),
                Map.entry("speed-factor", "1.2"), Map.entry("fragment-interval", "0.3"), Map.entry("seed", "42"),
                Map.entry("parallel-infer", "true"), Map.entry("repetition-penalty", "1.35"),
                Map.entry("sample-steps", "32"), Map.entry("super-sampling", "true"),
                Map.entry("overlap-length", "2"), Map.entry("min-chunk-length", "16"),
                Map.entry("streaming-mode", "2"), Map.entry("aux-ref-audio-paths", "/srv/a.wav, /srv/b.wav")));
        GptSovitsSynthesizerBuilder builder = GptSovitsSynthesizer.builder().url(base()).refAudioPath("/srv/ref.wav")
                .promptText("参考").promptLang("zh").textLang("zh").topK(15).topP(0.8).temperature(0.9)
                .textSplitMethod("cut5").batchSize(2).batchThreshold(0.75).splitBucket(false).speedFactor(1.2)
                .fragmentInterval(0.3).seed(42).parallelInfer(true).repetitionPenalty(1.35).sampleSteps(32)
                .superSampling(true).overlapLength(2).minChunkLength(16).streamingMode(2)
                .auxRefAudioPaths(List.of("/srv/a.wav", "/srv/b.wav"));
        try (SpeechSynthesizer built = builder.build();
             SpeechSynthesizer named = new GptSovitsProvider().create(settings)) {
            built.synthesize("你好。", built.defaultVoice(), new RecordingHandler()).await();
            String fromBuilder = take();
            named.synthesize("你好。", named.defaultVoice(), new RecordingHandler()).await();
            assertEquals(fromBuilder, take());
            assertTrue(fromBuilder.contains("\"aux_ref_audio_paths\":[\"/srv/a.wav\",\"/srv/b.wav\"]"), fromBuilder);
        }
    }

    @Test
    void aMissingReferenceClipNamesTheBuilderMethodAndTheSetting() {
        assertEquals("[TTS/gpt-sovits] refAudioPath is not set: pass .refAudioPath(..) to "
                + "GptSovitsSynthesizer.builder(), or the 'ref-audio-path' setting; the path, on the GPT-SoVITS "
                + "server, of a 3-10 s clip of the voice to clone",
                assertThrows(ConfigurationException.class, () -> GptSovitsSynthesizer.builder().build()).getMessage());
    }

    @Test
    void aBadValueNamesTheBuilderMethodOrTheSetting() {
        assertEquals("[TTS/gpt-sovits] topP(double) must be 0..1, got 1.5", assertThrows(
                ConfigurationException.class, () -> GptSovitsSynthesizer.builder().topP(1.5)).getMessage());
        assertEquals("[TTS/gpt-sovits] url(URI) must be an absolute http or https URL with a host, got "
                + "'ws://127.0.0.1:9880'", assertThrows(ConfigurationException.class,
                () -> GptSovitsSynthesizer.builder().url(URI.create("ws://127.0.0.1:9880"))).getMessage());
        assertEquals("[TTS/gpt-sovits] setting 'streaming-mode' must be 0..3, got 7", assertThrows(
                ConfigurationException.class, () -> new GptSovitsProvider().create(Map.of("ref-audio-path", "/r.wav",
                        "streaming-mode", "7"))).getMessage());
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private String take() throws InterruptedException {
        String body = bodies.poll(10, TimeUnit.SECONDS);
        assertNotNull(body, "the server got no request");
        return body;
    }
}
