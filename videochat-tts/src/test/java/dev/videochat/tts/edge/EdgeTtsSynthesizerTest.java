package dev.videochat.tts.edge;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.WordTiming;
import dev.videochat.core.testing.LoopbackWebSocketServer;
import dev.videochat.core.testing.LoopbackWebSocketServer.Connection;
import dev.videochat.ffmpeg.testing.Mp3Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the engine against a loopback WebSocket server that answers like the read-aloud service. */
class EdgeTtsSynthesizerTest {

    private static final byte[] MP3;

    static {
        short[] tone = new short[24_000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (7000 * Math.sin(2 * Math.PI * 250 * i / 24_000.0));
        }
        MP3 = Mp3Fixture.encode(new AudioChunk(tone, 24_000));
    }

    private LoopbackWebSocketServer server;
    private EdgeTtsSynthesizer tts;

    @AfterEach
    void stop() throws IOException {
        if (tts != null) {
            tts.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] audioFrame(byte[] payload) {
        byte[] head = "X-RequestId:1\r\nContent-Type:audio/mpeg\r\nPath:audio\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head.length >> 8);
        out.write(head.length);
        out.writeBytes(head);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Answers each SSML request with the MP3 in four frames, one word boundary, then turn.end. */
    private static final LoopbackWebSocketServer.Handler SPEAKING = (c, text) -> {
        if (text.contains("Path:ssml")) {
            c.sendText("X-RequestId:1\r\nContent-Type:application/json; charset=utf-8\r\nPath:turn.start\r\n\r\n{}");
            c.sendText("X-RequestId:1\r\nContent-Type:application/json; charset=utf-8\r\nPath:audio.metadata\r\n\r\n"
                    + "{\"Metadata\":[{\"Type\":\"WordBoundary\",\"Data\":{\"Offset\":1000000,\"Duration\":3125000,"
                    + "\"text\":{\"Text\":\"Hello\",\"Length\":5,\"BoundaryType\":\"WordBoundary\"}}}]}");
            int quarter = MP3.length / 4;
            for (int i = 0; i < 4; i++) {
                c.sendBinary(audioFrame(java.util.Arrays.copyOfRange(MP3, i * quarter,
                        i == 3 ? MP3.length : (i + 1) * quarter)));
            }
            c.sendText("X-RequestId:1\r\nContent-Type:application/json; charset=utf-8\r\nPath:turn.end\r\n\r\n{}");
        }
    };

    private void start(LoopbackWebSocketServer.Handler handler, LoopbackWebSocketServer.Gate gate,
                       Map<String, String> extra) throws IOException {
        server = new LoopbackWebSocketServer(handler, gate, 1);
        Map<String, String> settings = new HashMap<>(Map.of("url", server.uri("/edge/v1").toString(),
                "voice", "zh-CN-XiaoxiaoNeural", "idle-timeout", "2s"));
        settings.putAll(extra);
        tts = new EdgeTtsSynthesizer(EdgeSettings.from(settings));
    }

    @Test
    void mp3FromTheServiceArrivesAsPcmWithWordTimingsAndTheRequestIsWhatEdgeSends() throws Exception {
        List<Map<String, String>> handshakes = new CopyOnWriteArrayList<>();
        start(SPEAKING, request -> {
            handshakes.add(request);
            return null;
        }, Map.of());
        List<AudioChunk> audio = new CopyOnWriteArrayList<>();
        List<WordTiming> words = new CopyOnWriteArrayList<>();
        var result = tts.synthesize("Hello & welcome", tts.defaultVoice(), new SynthesisHandler() {
            @Override
            public void onAudio(AudioChunk chunk) {
                audio.add(chunk);
            }

            @Override
            public void onWord(WordTiming word) {
                words.add(word);
            }
        }).result().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(24_000, result.sampleRate());
        assertEquals(1.0, result.samples() / 24_000.0, 0.1);
        assertTrue(audio.size() >= 2, "decoded audio streams in pieces: " + audio.size());
        assertEquals(List.of(new WordTiming("Hello", java.time.Duration.ofMillis(100),
                java.time.Duration.ofMillis(312).plusNanos(500_000))), words);
        String line = handshakes.get(0).get(":request");
        long now = Instant.now().getEpochSecond();
        assertTrue(line.contains("TrustedClientToken=" + SecMsGec.TRUSTED_CLIENT_TOKEN)
                && (line.contains("Sec-MS-GEC=" + SecMsGec.token(Instant.ofEpochSecond(now)))
                || line.contains("Sec-MS-GEC=" + SecMsGec.token(Instant.ofEpochSecond(now - 300)))), line);
        assertEquals("chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold", handshakes.get(0).get("origin"));
        List<String> sent = server.connections().get(0).received;
        assertTrue(sent.get(0).contains("Path:speech.config"), sent.get(0));
        assertTrue(sent.get(1).contains("Path:ssml") && sent.get(1).contains("(zh-CN, XiaoxiaoNeural)")
                && sent.get(1).contains("Hello &amp; welcome"), sent.get(1));
    }

    @Test
    void aRefusedHandshakeIsRetriedOnceThenReportedWithItsStatus() throws Exception {
        int[] attempts = {0};
        start(SPEAKING, request -> {
            attempts[0]++;
            return new LoopbackWebSocketServer.Refusal(403, "{}");
        }, Map.of());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> tts.synthesize("hi", tts.defaultVoice(), c -> { }).result()
                        .toCompletableFuture().get(20, TimeUnit.SECONDS));
        RemoteServiceException error = assertInstanceOf(RemoteServiceException.class, e.getCause());
        assertEquals(403, error.status().orElseThrow());
        assertEquals(2, attempts[0], "one retry with the clock corrected");
    }

    @Test
    void aServerThatStopsMidStreamIsAnErrorNotAHang() throws Exception {
        start((c, text) -> {
            if (text.contains("Path:ssml")) {
                c.sendBinary(audioFrame(java.util.Arrays.copyOf(MP3, MP3.length / 3)));
                c.drop();
            }
        }, request -> null, Map.of("idle-timeout", "1s"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> tts.synthesize("cut off", tts.defaultVoice(), c -> { }).result()
                        .toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertInstanceOf(RemoteServiceException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("turn.end"), e.getCause().getMessage());
    }

    @Test
    void anErrorThrownByTheAudioHandlerFailsTheCallInsteadOfLeavingItWaiting() throws Exception {
        start(SPEAKING, request -> null, Map.of());
        OutOfMemoryError error = new OutOfMemoryError("test: no memory for this chunk");
        ExecutionException e = assertThrows(ExecutionException.class, () -> tts.synthesize("hi", tts.defaultVoice(),
                chunk -> {
                    throw error;
                }).result().toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertSame(error, e.getCause().getCause(), String.valueOf(e.getCause()));
        assertFalse(e.getCause() instanceof RemoteServiceException, "not blamed on the connection: " + e.getCause());
    }

    @Test
    void anErrorThrownByTheWordHandlerFailsTheCallInsteadOfLeavingItWaiting() throws Exception {
        start(SPEAKING, request -> null, Map.of());
        AssertionError error = new AssertionError("test: the word handler broke");
        ExecutionException e = assertThrows(ExecutionException.class, () -> tts.synthesize("hi", tts.defaultVoice(),
                new SynthesisHandler() {
                    @Override
                    public void onAudio(AudioChunk chunk) {
                    }

                    @Override
                    public void onWord(WordTiming word) {
                        throw error;
                    }
                }).result().toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertSame(error, e.getCause().getCause(), String.valueOf(e.getCause()));
        assertFalse(e.getCause() instanceof RemoteServiceException, "not blamed on the connection: " + e.getCause());
    }

    @Test
    void cancellingDuringSynthesisClosesTheConnectionAndStopsTheAudio() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start((c, text) -> {
            if (text.contains("Path:ssml")) {
                c.sendBinary(audioFrame(java.util.Arrays.copyOf(MP3, MP3.length / 2)));
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, request -> null, Map.of());
        CountDownLatch first = new CountDownLatch(1);
        List<AudioChunk> audio = new CopyOnWriteArrayList<>();
        var call = tts.synthesize("barge in", tts.defaultVoice(), c -> {
            audio.add(c);
            first.countDown();
        });
        assertTrue(first.await(20, TimeUnit.SECONDS));
        call.cancel();
        release.countDown();
        assertThrows(CancellationException.class, () -> call.result().toCompletableFuture().join());
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the server saw the connection end");
        assertEquals(1, audio.size(), "only the audio sent before the cancel was delivered");
    }

    @Test
    void aSlowFirstChunkIsWaitedForAndCountedInTheTimeToFirstAudio() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start((c, text) -> {
            if (text.contains("Path:ssml")) {
                c.sendText("X-RequestId:1\r\nContent-Type:application/json; charset=utf-8\r\nPath:turn.start\r\n\r\n{}");
                holding.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                c.sendBinary(audioFrame(MP3));
                c.sendText("X-RequestId:1\r\nContent-Type:application/json; charset=utf-8\r\nPath:turn.end\r\n\r\n{}");
            }
        }, request -> null, Map.of("idle-timeout", "20s"));
        List<AudioChunk> audio = new CopyOnWriteArrayList<>();
        var call = tts.synthesize("Slow start.", tts.defaultVoice(), audio::add);
        long requested = System.nanoTime();
        assertTrue(holding.await(20, TimeUnit.SECONDS));
        assertTrue(audio.isEmpty() && !call.isDone(), "nothing to play while the server holds the audio");
        long released = System.nanoTime();
        release.countDown();
        var result = call.result().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(1.0, result.samples() / 24_000.0, 0.1);
        // The call started before `requested` and its first audio came after `released`.
        assertTrue(result.timeToFirstAudio().toNanos() > released - requested,
                result.timeToFirstAudio() + " counts the server's delay of " + (released - requested) + " ns");
    }

    @Test
    void aVoiceTheServiceRefusesFailsWithAnErrorNamingTheVoice() throws Exception {
        // The service answers an unknown voice by closing with 1007 ("Unsupported voice ...") instead of turn.start.
        start((c, text) -> {
            if (text.contains("Path:ssml")) {
                c.close(1007);
            }
        }, request -> null, Map.of());
        ExecutionException e = assertThrows(ExecutionException.class, () -> tts.synthesize("hi",
                new dev.videochat.api.tts.Voice("xx-XX-NoSuchNeural", "xx-XX"), c -> { }).result()
                        .toCompletableFuture().get(20, TimeUnit.SECONDS));
        RemoteServiceException error = assertInstanceOf(RemoteServiceException.class, e.getCause());
        assertTrue(error.getMessage().contains("'xx-XX-NoSuchNeural'") && error.getMessage().contains("1007"),
                error.getMessage());
        assertFalse(error.retryable(), "the same voice will be refused again");
        assertTrue(server.connections().get(0).received.get(1).contains("(xx-XX, NoSuchNeural)"));
    }

    @Test
    void blankTextSendsNothingAndBadSettingsAreNamed() throws Exception {
        start(SPEAKING, request -> null, Map.of());
        assertThrows(IllegalArgumentException.class, () -> tts.synthesize(" ", tts.defaultVoice(), c -> { }));
        assertEquals(0, server.connections().size());
        var bad = assertThrows(dev.videochat.api.ConfigurationException.class,
                () -> EdgeSettings.from(Map.of("rate", "fast")));
        assertTrue(bad.getMessage().contains("rate"), bad.getMessage());
    }

    @Test
    void longTextGoesOutInSeveralRequests() throws Exception {
        server = new LoopbackWebSocketServer(SPEAKING, request -> null, 3);
        tts = new EdgeTtsSynthesizer(EdgeSettings.from(Map.of("url", server.uri("/edge/v1").toString(),
                "idle-timeout", "5s")));
        String longText = "The digital human keeps talking about many things. ".repeat(180);
        tts.synthesize(longText, tts.defaultVoice(), c -> { }).result().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(server.connections().size() >= 2, "requests: " + server.connections().size());
    }
}
