package dev.videochat.tts.gptsovits;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.videochat.api.Call;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.audio.WavHeader;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.ffmpeg.testing.Mp3Fixture;
import dev.videochat.core.testing.SimulatedRecognizer;
import dev.videochat.tts.testing.RecordingHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a loopback server that speaks api_v2's /tts streaming protocol: a bare WAV header, then raw PCM. */
class GptSovitsSynthesizerTest {

    private static final int RATE = 32_000;
    private static final byte[] PCM_CHUNK = pcm(3_200); // 100 ms at 32 kHz

    private HttpServer server;
    private SpeechSynthesizer tts;
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (tts != null) {
            tts.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private SpeechSynthesizer start(HttpHandler tts) throws IOException {
        return start(tts, Map.of(), null);
    }

    /** Starts the server and an engine with the usual settings, {@code extra} overriding them. */
    private SpeechSynthesizer start(HttpHandler tts, Map<String, String> extra, SpeechRecognizer asr)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tts", exchange -> {
            requests.incrementAndGet();
            lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            tts.handle(exchange);
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        Map<String, String> settings = new HashMap<>(Map.of(
                "url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "ref-audio-path", "/srv/voices/ref.wav", "prompt-text", "你好", "prompt-lang", "ZH",
                "text-lang", "en", "top-k", "5", "speed-factor", "1.1", "split-bucket", "false"));
        settings.putAll(extra);
        this.tts = new GptSovitsProvider().create(settings, asr);
        return this.tts;
    }

    private static byte[] pcm(int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) (8_000 * Math.sin(2 * Math.PI * 220 * i / RATE));
        }
        return Wav.toPcm16le(new AudioChunk(s, RATE));
    }

    /** Streams a 0-frame WAV header, then {@code chunks} PCM chunks, flushing each. */
    private static HttpHandler streaming(int chunks) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(WavHeader.pcm16Mono(RATE, 0).toBytes());
                out.flush();
                for (int i = 0; i < chunks; i++) {
                    out.write(PCM_CHUNK);
                    out.flush();
                }
            }
        };
    }

    @Test
    void streamsPcmAtTheRateInTheWavHeader() throws Exception {
        start(streaming(5));
        RecordingHandler handler = new RecordingHandler();
        SynthesisResult result = tts.synthesize("Hello there.", tts.defaultVoice(), handler).await();
        assertEquals(RATE, result.sampleRate());
        assertEquals(5L * PCM_CHUNK.length / 2, result.samples());
        assertEquals(5L * PCM_CHUNK.length / 2, handler.audio().sampleCount());
    }

    @Test
    void sendsEveryConfiguredParameterInLowerCase() throws Exception {
        start(streaming(1));
        tts.synthesize("Hello **there**.", tts.defaultVoice(), new RecordingHandler()).await();
        String body = lastBody.get();
        for (String expected : List.of("\"text\":\"Hello there.\"", "\"text_lang\":\"en\"",
                "\"ref_audio_path\":\"/srv/voices/ref.wav\"", "\"prompt_text\":\"你好\"", "\"prompt_lang\":\"zh\"",
                "\"top_k\":5", "\"speed_factor\":1.1", "\"split_bucket\":false", "\"streaming_mode\":1",
                "\"media_type\":\"wav\"")) {
            assertTrue(body.contains(expected), expected + " in " + body);
        }
    }

    @Test
    void anErrorReplyCarriesTheServersMessageAndStatus() throws Exception {
        start(exchange -> {
            byte[] reply = "{\"message\":\"tts failed\",\"Exception\":\"参考音频在3~10秒范围外\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        Call<SynthesisResult> call = tts.synthesize("Hello.", tts.defaultVoice(), new RecordingHandler());
        RemoteServiceException e = assertThrows(RemoteServiceException.class, call::await);
        assertEquals(400, e.status().orElseThrow());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("参考音频在3~10秒范围外"), e.getMessage());
    }

    @Test
    void aServerThatStopsMidStreamFailsTheCallAfterTheAudioItSent() throws Exception {
        start(exchange -> {
            // Promise more than is sent, then hang up: the client sees the stream end early.
            exchange.sendResponseHeaders(200, 44 + 10L * PCM_CHUNK.length);
            OutputStream out = exchange.getResponseBody();
            out.write(WavHeader.pcm16Mono(RATE, 0).toBytes());
            out.write(PCM_CHUNK);
            out.flush();
            exchange.getHttpContext().getServer().stop(0);
        });
        RecordingHandler handler = new RecordingHandler();
        Call<SynthesisResult> call = tts.synthesize("Hello.", tts.defaultVoice(), handler);
        RemoteServiceException e = assertThrows(RemoteServiceException.class, call::await);
        assertTrue(e.retryable(), e.getMessage());
        assertFalse(handler.chunks().isEmpty());
    }

    @Test
    void aSlowFirstChunkIsWaitedForAndCountedInTheTimeToFirstAudio() throws Exception {
        CountDownLatch headerSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(WavHeader.pcm16Mono(RATE, 0).toBytes());
                out.flush();
                headerSent.countDown();
                release.await();
                out.write(PCM_CHUNK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        RecordingHandler handler = new RecordingHandler();
        Call<SynthesisResult> call = tts.synthesize("Hello.", tts.defaultVoice(), handler);
        long requested = System.nanoTime();
        headerSent.await();
        assertTrue(handler.chunks().isEmpty());
        assertFalse(call.isDone());
        long released = System.nanoTime();
        release.countDown();
        SynthesisResult result = call.await();
        assertEquals(PCM_CHUNK.length / 2, result.samples());
        // The call's clock started before `requested`; its first audio can only come after `released`.
        assertTrue(result.timeToFirstAudio().toNanos() > released - requested,
                result.timeToFirstAudio() + " counts the server's delay of " + (released - requested) + " ns");
    }

    @Test
    void cancellingDuringSynthesisClosesTheConnectionTheServerSeesIt() throws Exception {
        CompletableFuture<IOException> serverSaw = new CompletableFuture<>();
        start(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                out.write(WavHeader.pcm16Mono(RATE, 0).toBytes());
                // Keep speaking until the client goes away (bounded, in case it never does).
                for (int i = 0; i < 100_000; i++) {
                    out.write(PCM_CHUNK);
                    out.flush();
                }
                serverSaw.complete(null);
            } catch (IOException e) {
                serverSaw.complete(e);
            }
        });
        AtomicReference<Call<SynthesisResult>> self = new AtomicReference<>();
        RecordingHandler handler = new RecordingHandler().onChunk(i -> self.get().cancel());
        synchronized (handler) {
            self.set(tts.synthesize("Hello.", tts.defaultVoice(), handler));
        }
        assertThrows(CancellationException.class, () -> self.get().await());
        IOException seen = serverSaw.get();
        assertTrue(seen != null, "the server wrote 100000 chunks without noticing the cancel");
        assertEquals(1, handler.chunks().size());
    }

    @Test
    void blankTextSendsNoRequest() throws Exception {
        start(streaming(1));
        assertThrows(IllegalArgumentException.class, () -> tts.synthesize(" ", tts.defaultVoice(), new RecordingHandler()));
        assertEquals(0, requests.get());
    }

    @Test
    void longTextIsSplitIntoSeveralRequests() throws Exception {
        start(streaming(1));
        String sentence = "This sentence has a good number of words in it, more than a few. ";
        SynthesisResult r = tts.synthesize(sentence.repeat(10), tts.defaultVoice(), new RecordingHandler()).await();
        assertTrue(requests.get() > 1, "requests: " + requests.get());
        assertEquals((long) requests.get() * PCM_CHUNK.length / 2, r.samples());
    }

    @Test
    void anUnknownVoiceIsRejected() throws Exception {
        start(streaming(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tts.synthesize("Hello.", new Voice("other.wav", "en"), new RecordingHandler()));
        assertTrue(e.getMessage().contains("/srv/voices/ref.wav"), e.getMessage());
    }

    @Test
    void aLocalReferenceClipOutsideThreeToTenSecondsIsRejected(@TempDir Path dir) throws IOException {
        Path clip = dir.resolve("short.wav");
        Wav.write(AudioChunk.silence(16_000, 16_000), clip);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new GptSovitsProvider().create(Map.of("ref-audio-path", clip.toString())));
        assertTrue(e.getMessage().contains("1.00 s"), e.getMessage());
    }

    @Test
    void aLocalReferenceClipLongerThanTenSecondsIsRejected(@TempDir Path dir) throws IOException {
        Path clip = dir.resolve("long.wav");
        Wav.write(AudioChunk.silence(11 * 16_000, 16_000), clip);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new GptSovitsProvider().create(Map.of("ref-audio-path", clip.toString())));
        assertTrue(e.getMessage().contains("11.00 s") && e.getMessage().contains("3 to 10 s"), e.getMessage());
    }

    @Test
    void aReferenceClipThatIsNotAWavIsMeasuredByDecodingIt(@TempDir Path dir) throws IOException {
        Path tooLong = dir.resolve("long.mp3");
        Files.write(tooLong, Mp3Fixture.encode(tone(12 * 16_000, 16_000)));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new GptSovitsProvider().create(Map.of("ref-audio-path", tooLong.toString())));
        assertTrue(e.getMessage().contains("lasts 12."), e.getMessage());
        Path fine = dir.resolve("fine.mp3");
        Files.write(fine, Mp3Fixture.encode(tone(5 * 16_000, 16_000)));
        new GptSovitsProvider().create(Map.of("ref-audio-path", fine.toString())).close();
    }

    @Test
    void withoutPromptTextTheGivenRecognizerTranscribesTheReferenceClipOnce(@TempDir Path dir) throws Exception {
        Path clip = dir.resolve("ref.wav");
        Wav.write(tone(4 * 22_050, 22_050), clip);
        SimulatedRecognizer asr = SimulatedRecognizer.hearing("参考音频里说的话");
        start(streaming(1), Map.of("ref-audio-path", clip.toString(), "prompt-text", ""), asr);
        tts.synthesize("Hello.", tts.defaultVoice(), new RecordingHandler()).await();
        assertTrue(lastBody.get().contains("\"prompt_text\":\"参考音频里说的话\""), lastBody.get());
        tts.synthesize("Again.", tts.defaultVoice(), new RecordingHandler()).await();
        assertTrue(lastBody.get().contains("\"prompt_text\":\"参考音频里说的话\""), lastBody.get());
        assertEquals(1, asr.clips.size(), "transcribed once, then kept");
        assertEquals(16_000, asr.clips.get(0).sampleRate(), "at the recognizer's rate");
        assertEquals(4.0, asr.clips.get(0).duration().toMillis() / 1000.0, 0.05);
        tts.close();
        assertFalse(asr.closed, "a recognizer given in code stays the caller's");
    }

    @Test
    void aGivenPromptTextIsUsedWithoutAskingTheRecognizer(@TempDir Path dir) throws Exception {
        Path clip = dir.resolve("ref.wav");
        Wav.write(tone(4 * 16_000, 16_000), clip);
        SimulatedRecognizer asr = SimulatedRecognizer.hearing("unused");
        start(streaming(1), Map.of("ref-audio-path", clip.toString()), asr);
        tts.synthesize("Hello.", tts.defaultVoice(), new RecordingHandler()).await();
        assertTrue(lastBody.get().contains("\"prompt_text\":\"你好\""), lastBody.get());
        assertTrue(asr.clips.isEmpty());
    }

    @Test
    void anAsrProviderNamedInTheSettingsIsFoundByDiscoveryAndGivenItsSettings(@TempDir Path dir) throws Exception {
        Path clip = dir.resolve("ref.wav");
        Wav.write(tone(4 * 16_000, 16_000), clip);
        start(streaming(1), Map.of("ref-audio-path", clip.toString(), "prompt-text", "",
                GptSovitsProvider.PROMPT_ASR, "fixed-text", GptSovitsProvider.PROMPT_ASR + ".text", "从设置来的文字"), null);
        tts.synthesize("Hello.", tts.defaultVoice(), new RecordingHandler()).await();
        assertTrue(lastBody.get().contains("\"prompt_text\":\"从设置来的文字\""), lastBody.get());
    }

    @Test
    void auxiliaryReferenceClipsAreSentAsAList() throws Exception {
        start(streaming(1), Map.of("aux-ref-audio-paths", "/srv/voices/a.wav, /srv/voices/b.wav"), null);
        tts.synthesize("Hello.", tts.defaultVoice(), new RecordingHandler()).await();
        assertTrue(lastBody.get().contains("\"aux_ref_audio_paths\":[\"/srv/voices/a.wav\",\"/srv/voices/b.wav\"]"),
                lastBody.get());
    }

    @Test
    void modelSwitchingCallsTheServersEndpointsAndReportsARefusal() throws Exception {
        start(streaming(1));
        List<String> queries = new CopyOnWriteArrayList<>();
        server.createContext("/set_gpt_weights", exchange -> {
            queries.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            reply(exchange, 200, "{\"message\":\"success\"}");
        });
        server.createContext("/set_sovits_weights", exchange -> {
            queries.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            reply(exchange, 400, "{\"message\":\"change sovits weight failed\",\"Exception\":\"no such file\"}");
        });
        server.createContext("/set_refer_audio", exchange -> {
            queries.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            reply(exchange, 200, "{\"message\":\"success\"}");
        });
        GptSovitsSynthesizer engine = (GptSovitsSynthesizer) tts;
        engine.setGptWeights("GPT_weights_v2/voice e15.ckpt");
        engine.setReferenceAudio("/srv/voices/host.wav");
        RemoteServiceException e = assertThrows(RemoteServiceException.class,
                () -> engine.setSovitsWeights("SoVITS_weights_v2/missing.pth"));
        assertEquals(400, e.status().orElseThrow());
        assertTrue(e.getMessage().contains("change sovits weight failed: no such file"), e.getMessage());
        assertEquals(List.of("GET /set_gpt_weights?weights_path=GPT_weights_v2/voice+e15.ckpt",
                "GET /set_refer_audio?refer_audio_path=/srv/voices/host.wav",
                "GET /set_sovits_weights?weights_path=SoVITS_weights_v2/missing.pth"), queries.stream()
                .map(q -> q.replace("%2F", "/")).toList());
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static AudioChunk tone(int samples, int rate) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) (6_000 * Math.sin(2 * Math.PI * 220 * i / rate));
        }
        return new AudioChunk(s, rate);
    }

    @Test
    void theReferenceClipIsRequired() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new GptSovitsProvider().create(Map.of()));
        assertTrue(e.getMessage().contains("ref-audio-path"), e.getMessage());
    }

    @Test
    void errorTextReadsTheServersJsonOrFallsBackToTheReply() {
        assertEquals("a: b", GptSovitsSynthesizer.errorText("{\"message\":\"a\",\"Exception\":\"b\"}"));
        assertEquals("Internal Server Error", GptSovitsSynthesizer.errorText("Internal Server Error"));
    }
}
