package dev.videochat.tts.cosyvoice;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.audio.WavHeader;
import dev.videochat.core.testing.LoopbackWebSocketServer;
import dev.videochat.core.testing.LoopbackWebSocketServer.Connection;
import dev.videochat.ffmpeg.testing.Mp3Fixture;
import dev.videochat.tts.testing.RecordingHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the engine against a WebSocket server on loopback that speaks DashScope's duplex TTS protocol. */
class CosyVoiceSynthesizerTest {

    private LoopbackWebSocketServer server;
    private CosyVoiceSynthesizer tts;

    @AfterEach
    void stop() throws IOException {
        if (tts != null) {
            tts.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String event(String name, String taskId) {
        return "{\"header\":{\"task_id\":\"" + taskId + "\",\"event\":\"" + name + "\",\"attributes\":{}},"
                + "\"payload\":{}}";
    }

    private static String taskId(String message) {
        int at = message.indexOf("\"task_id\":\"") + 11;
        return message.substring(at, message.indexOf('"', at));
    }

    /** 100 ms of a 300 Hz tone at 22.05 kHz as little-endian 16-bit PCM. */
    private static byte[] pcm(int samples) {
        ByteBuffer b = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (5000 * Math.sin(2 * Math.PI * 300 * i / 22050.0)));
        }
        return b.array();
    }

    private CosyVoiceSynthesizer start(LoopbackWebSocketServer.Handler handler, Map<String, String> extra)
            throws IOException {
        server = new LoopbackWebSocketServer(handler, request -> {
            if (!"Bearer sk-test".equals(request.get("authorization"))) {
                return new LoopbackWebSocketServer.Refusal(401, "{\"code\":\"InvalidApiKey\"}");
            }
            return null;
        }, 1);
        Map<String, String> settings = new HashMap<>(Map.of("url", server.uri("/api-ws/v1/inference").toString(),
                "api-key", "sk-test", "idle-timeout", "5s"));
        settings.putAll(extra);
        tts = new CosyVoiceSynthesizer(CosyVoiceSettings.from(settings, Map.of()));
        return tts;
    }

    /** Answers like the service: task-started, then per continue-task some audio, task-finished on finish-task. */
    private static class SpeakingServer implements LoopbackWebSocketServer.Handler {
        final int chunks;
        final CountDownLatch beforeFirstAudio;

        SpeakingServer(int chunks, CountDownLatch beforeFirstAudio) {
            this.chunks = chunks;
            this.beforeFirstAudio = beforeFirstAudio;
        }

        @Override
        public void onText(Connection c, String text) throws IOException {
            String id = taskId(text);
            if (text.contains("\"run-task\"")) {
                c.sendFragmentedText(event("task-started", id), 3);
            } else if (text.contains("\"continue-task\"")) {
                try {
                    beforeFirstAudio.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < chunks; i++) {
                    c.sendText(event("result-generated", id));
                    c.sendBinary(pcm(2205));
                }
            } else if (text.contains("\"finish-task\"") && !text.contains("cancel")) {
                c.sendText(event("task-finished", id));
            }
        }
    }

    @Test
    void anErrorThrownByTheAudioHandlerFailsTheCallInsteadOfLeavingItWaiting() throws Exception {
        start(new SpeakingServer(2, new CountDownLatch(0)), Map.of());
        OutOfMemoryError error = new OutOfMemoryError("test: no memory for this chunk");
        ExecutionException e = assertThrows(ExecutionException.class, () -> tts.synthesize("你好。",
                new Voice("longwan_v2", "zh-CN"), chunk -> {
                    throw error;
                }).result().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertSame(error, e.getCause().getCause(), String.valueOf(e.getCause()));
        assertFalse(e.getCause() instanceof RemoteServiceException, "not blamed on the connection: " + e.getCause());
    }

    @Test
    void closingTheEngineBetweenTwoTasksFailsTheCallInsteadOfLeavingItWaiting() throws Exception {
        CountDownLatch firstAudio = new CountDownLatch(1);
        start(new SpeakingServer(1, firstAudio), Map.of("max-task-chars", "200"));
        var call = tts.synthesize("这是一个很长的句子，用来测试分段发送。".repeat(20), tts.defaultVoice(), c -> { });
        tts.close();
        firstAudio.countDown(); // the first task ends now; the second cannot start on a closed engine
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.result()
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("next task"), e.getCause().getMessage());
    }

    @Test
    void pcmStreamsToTheHandlerAsItArrivesAndTheTaskFollowsTheProtocol() throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        start(new SpeakingServer(4, open), Map.of());
        List<AudioChunk> audio = new CopyOnWriteArrayList<>();
        SynthesisResult result = tts.synthesize("你好，我是数字人。", new Voice("longwan_v2", "zh-CN"), audio::add)
                .result().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(4, audio.size());
        assertEquals(22050, result.sampleRate());
        assertEquals(4 * 2205, result.samples());
        List<String> sent = server.connections().get(0).received;
        assertEquals(3, sent.size());
        assertTrue(sent.get(0).contains("\"action\":\"run-task\"") && sent.get(0).contains("\"voice\":\"longwan_v2\"")
                && sent.get(0).contains("\"format\":\"pcm\""), sent.get(0));
        assertTrue(sent.get(1).contains("\"action\":\"continue-task\"") && sent.get(1).contains("你好，我是数字人。"));
        assertTrue(sent.get(2).contains("\"action\":\"finish-task\""));
        String id = taskId(sent.get(0));
        assertTrue(sent.stream().allMatch(m -> taskId(m).equals(id)), "one task id for the whole task");
    }

    @Test
    void aSlowFirstChunkIsWaitedFor() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(new SpeakingServer(2, release), Map.of());
        CountDownLatch firstAudio = new CountDownLatch(1);
        var call = tts.synthesize("Slow start.", tts.defaultVoice(), c -> firstAudio.countDown());
        assertTrue(!firstAudio.await(200, TimeUnit.MILLISECONDS) && !call.isDone());
        release.countDown();
        assertEquals(2 * 2205, call.result().toCompletableFuture().get(10, TimeUnit.SECONDS).samples());
    }

    @Test
    void aTaskFailedEventBecomesAnErrorWithTheServersCodeAndMessage() throws Exception {
        start((c, text) -> {
            if (text.contains("run-task")) {
                c.sendText("{\"header\":{\"task_id\":\"" + taskId(text) + "\",\"event\":\"task-failed\","
                        + "\"error_code\":\"InvalidParameter\",\"error_message\":\"voice does not match model\"},"
                        + "\"payload\":{}}");
            }
        }, Map.of());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> tts.synthesize("hi", tts.defaultVoice(), c -> { }).result()
                        .toCompletableFuture().get(10, TimeUnit.SECONDS));
        RemoteServiceException error = assertInstanceOf(RemoteServiceException.class, e.getCause());
        assertTrue(error.getMessage().contains("InvalidParameter") && error.getMessage().contains("voice does not match"),
                error.getMessage());
        assertTrue(error.getMessage().contains("[TTS/cosyvoice]"), error.getMessage());
    }

    @Test
    void aRefusedKeyFailsTheHandshakeWithTheStatus() throws Exception {
        start(new SpeakingServer(1, new CountDownLatch(0)), Map.of("api-key", "sk-wrong"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> tts.synthesize("hi", tts.defaultVoice(), c -> { }).result()
                        .toCompletableFuture().get(10, TimeUnit.SECONDS));
        RemoteServiceException error = assertInstanceOf(RemoteServiceException.class, e.getCause());
        assertEquals(401, error.status().orElseThrow());
        assertTrue(error.getMessage().contains("DASHSCOPE_API_KEY"), error.getMessage());
    }

    @Test
    void aServerThatStopsMidStreamIsAnErrorNotAHang() throws Exception {
        start((c, text) -> {
            if (text.contains("run-task")) {
                c.sendText(event("task-started", taskId(text)));
            } else if (text.contains("continue-task")) {
                c.sendBinary(pcm(1000));
                c.drop();
            }
        }, Map.of("idle-timeout", "1s"));
        List<AudioChunk> audio = new CopyOnWriteArrayList<>();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> tts.synthesize("cut off", tts.defaultVoice(), audio::add).result()
                        .toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(RemoteServiceException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("before task-finished"), e.getCause().getMessage());
        // A dropped socket may reset the connection before the client reads the frame sent just before it.
        assertTrue(audio.size() <= 1, "nothing but the frame the server sent: " + audio.size());
    }

    @Test
    void cancellingSendsTheCancelDirectiveWhichTheServerConfirmsBeforeTheSocketClosesNormally() throws Exception {
        CompletableFuture<String> cancelSeen = new CompletableFuture<>();
        start((c, text) -> {
            if (text.contains("run-task")) {
                c.sendText(event("task-started", taskId(text)));
            } else if (text.contains("continue-task")) {
                c.sendBinary(pcm(1000));
            } else if (text.contains("finish-task") && text.contains("\"directive\":\"cancel\"")) {
                // The plain finish-task came first (all text sent); the server is still speaking when this arrives.
                cancelSeen.complete(text);
                // A frame already on its way when the cancel arrived, then the confirmation the protocol defines.
                c.sendBinary(pcm(1000));
                c.sendText(event("task-finished", taskId(text)));
            }
        }, Map.of());
        List<AudioChunk> audio = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        var running = tts.synthesize("barge in", tts.defaultVoice(), c -> {
            audio.add(c);
            first.countDown();
        });
        assertTrue(first.await(10, TimeUnit.SECONDS));
        running.cancel();
        assertThrows(CancellationException.class, () -> running.result().toCompletableFuture().join());
        String finish = cancelSeen.get(10, TimeUnit.SECONDS);
        Connection c = server.connections().get(0);
        assertEquals(taskId(c.received.get(0)), taskId(finish), "the cancel names the running task");
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the server saw the connection end");
        assertEquals(1000, c.closeCode(), "the client closed normally after task-finished instead of dropping");
        assertEquals(1, audio.size(), "no audio after cancel");
    }

    @Test
    void mp3FramesAreDecodedToPcmAsTheyArrive() throws Exception {
        byte[] mp3 = Mp3Fixture.encode(new AudioChunk(tone(22_050), 22_050));
        CountDownLatch firstAudio = new CountDownLatch(1);
        AtomicBoolean decodedBeforeTheRestWasSent = new AtomicBoolean();
        start((c, text) -> {
            String id = taskId(text);
            if (text.contains("run-task")) {
                c.sendText(event("task-started", id));
            } else if (text.contains("continue-task")) {
                int half = mp3.length / 2;
                c.sendText(event("result-generated", id));
                c.sendBinary(Arrays.copyOfRange(mp3, 0, half));
                try {
                    // The rest only goes out once the client has played the first half: streaming, not buffering.
                    decodedBeforeTheRestWasSent.set(firstAudio.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                c.sendText(event("result-generated", id));
                c.sendBinary(Arrays.copyOfRange(mp3, half, mp3.length));
            } else if (text.contains("finish-task")) {
                c.sendText(event("task-finished", id));
            }
        }, Map.of("format", "mp3"));
        RecordingHandler handler = new RecordingHandler().onChunk(i -> firstAudio.countDown());
        SynthesisResult result = tts.synthesize("你好。", tts.defaultVoice(), handler).result()
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertTrue(decodedBeforeTheRestWasSent.get(), "the first half was decoded before the second was sent");
        assertTrue(server.connections().get(0).received.get(0).contains("\"format\":\"mp3\""));
        assertEquals(22_050, result.sampleRate());
        assertEquals(22_050, handler.chunks().get(0).sampleRate());
        assertEquals(1.0, result.samples() / 22_050.0, 0.1, "one second of audio, decoded");
        assertEquals(result.samples(), handler.audio().sampleCount());
    }

    @Test
    void aWavStreamIsReadFromItsHeaderEvenWhenTheHeaderIsSplitAcrossFrames() throws Exception {
        byte[] header = WavHeader.pcm16Mono(16_000, -1).toBytes();
        start((c, text) -> {
            String id = taskId(text);
            if (text.contains("run-task")) {
                c.sendText(event("task-started", id));
            } else if (text.contains("continue-task")) {
                c.sendBinary(Arrays.copyOfRange(header, 0, 20));
                byte[] rest = new byte[header.length - 20 + 3200];
                System.arraycopy(header, 20, rest, 0, header.length - 20);
                c.sendBinary(rest);
                c.sendBinary(new byte[3200]);
            } else if (text.contains("finish-task")) {
                c.sendText(event("task-finished", id));
            }
        }, Map.of("format", "wav", "sample-rate", "16000"));
        RecordingHandler handler = new RecordingHandler();
        SynthesisResult result = tts.synthesize("hello", tts.defaultVoice(), handler).result()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(server.connections().get(0).received.get(0).contains("\"format\":\"wav\""));
        assertTrue(server.connections().get(0).received.get(0).contains("\"sample_rate\":16000"));
        assertEquals(16_000, result.sampleRate());
        assertEquals(3200, result.samples(), "1600 samples after the header, then 1600 more");
        assertEquals(2, handler.chunks().size());
    }

    @Test
    void blankTextIsRefusedWithoutContactingTheServer() throws Exception {
        start(new SpeakingServer(1, new CountDownLatch(0)), Map.of());
        assertThrows(IllegalArgumentException.class, () -> tts.synthesize("  ", tts.defaultVoice(), c -> { }));
        assertEquals(0, server.connections().size());
    }

    @Test
    void longTextIsSentInSeveralContinueTasksNotRefused() throws Exception {
        start(new SpeakingServer(1, new CountDownLatch(0)), Map.of());
        String longText = "这是一个很长的句子，用来测试分段发送。".repeat(600);
        SynthesisHandler none = c -> { };
        tts.synthesize(longText, tts.defaultVoice(), none).result().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<String> sent = server.connections().get(0).received;
        long continues = sent.stream().filter(m -> m.contains("continue-task")).count();
        assertTrue(continues >= 2, "sent " + continues + " continue-task messages");
    }

    @Test
    void textLongerThanOneTaskTakesGoesOutInSeveralTasksOneAfterAnotherIntoOneStream() throws Exception {
        start(new SpeakingServer(1, new CountDownLatch(0)), Map.of("max-task-chars", "200"));
        String sentence = "这是一个很长的句子，用来测试分段发送。"; // 19 CJK characters: weight 38
        SynthesisResult result = tts.synthesize(sentence.repeat(20), tts.defaultVoice(), c -> { })
                .result().toCompletableFuture().get(20, TimeUnit.SECONDS);
        List<Connection> tasks = server.connections();
        assertTrue(tasks.size() >= 4, "760 weighted characters in tasks of at most 200: " + tasks.size());
        StringBuilder spoken = new StringBuilder();
        for (Connection task : tasks) {
            List<String> texts = task.received.stream().filter(m -> m.contains("continue-task"))
                    .map(CosyVoiceSynthesizerTest::inputText).toList();
            int weight = texts.stream().mapToInt(CosyVoiceSynthesizer::weight).sum();
            assertTrue(weight <= 200, "a task of weight " + weight);
            assertTrue(task.received.get(task.received.size() - 1).contains("finish-task"));
            texts.forEach(spoken::append);
        }
        assertEquals(sentence.repeat(20), spoken.toString(), "all the text, in order");
        assertEquals(tasks.size(), tasks.stream().map(t -> taskId(t.received.get(0))).distinct().count(),
                "each task has its own id");
        assertEquals((long) tasks.size() * 2205, result.samples(), "one stream of every task's audio");
    }

    @Test
    void theTaskLimitCountsTheTextAfterCleaning() throws Exception {
        start(new SpeakingServer(1, new CountDownLatch(0)), Map.of("max-task-chars", "200"));
        String text = "你好，请看这个链接 https://example.com/" + "a".repeat(400) + " 谢谢。";
        assertTrue(CosyVoiceSynthesizer.weight(text) > 200);
        tts.synthesize(text, tts.defaultVoice(), c -> { }).result().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, server.connections().size(), "the link is dropped, so what is left fits in one task");
        String sent = inputText(server.connections().get(0).received.get(1));
        assertFalse(sent.contains("example.com"), sent);
    }

    /** The {@code payload.input.text} of a continue-task message. */
    private static String inputText(String message) {
        int at = message.indexOf("\"text\":\"") + 8;
        return message.substring(at, message.indexOf('"', at));
    }

    /** {@code samples} of a 300 Hz tone at 22.05 kHz. */
    private static short[] tone(int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) (6000 * Math.sin(2 * Math.PI * 300 * i / 22050.0));
        }
        return s;
    }

    @Test
    void aMissingKeyNamesTheVariableToSet() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> CosyVoiceSettings.from(Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("DASHSCOPE_API_KEY"), e.getMessage());
        ConfigurationException rate = assertThrows(ConfigurationException.class,
                () -> CosyVoiceSettings.from(Map.of("api-key", "k", "sample-rate", "11025"), Map.of()));
        assertTrue(rate.getMessage().contains("sample-rate"), rate.getMessage());
        ConfigurationException format = assertThrows(ConfigurationException.class,
                () -> CosyVoiceSettings.from(Map.of("api-key", "k", "format", "flac"), Map.of()));
        assertTrue(format.getMessage().contains("'format'") && format.getMessage().contains("flac"),
                format.getMessage());
    }
}
