package dev.videochat.tts.cosyvoice;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.testing.LoopbackWebSocketServer;
import dev.videochat.core.testing.LoopbackWebSocketServer.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
    void pcmStreamsToTheHandlerAsItArrivesAndTheTaskFollowsTheProtocol() throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        start(new SpeakingServer(4, open), Map.of());
        List<AudioChunk> audio = new CopyOnWriteArrayList<>();
        SynthesisResult result = tts.synthesize("你好，我是数字人。", new Voice("longwan_v2", "zh-CN"), audio::add)
                .result().get(10, TimeUnit.SECONDS);
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
        assertTrue(!firstAudio.await(200, TimeUnit.MILLISECONDS) && !call.result().isDone());
        release.countDown();
        assertEquals(2 * 2205, call.result().get(10, TimeUnit.SECONDS).samples());
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
                () -> tts.synthesize("hi", tts.defaultVoice(), c -> { }).result().get(10, TimeUnit.SECONDS));
        RemoteServiceException error = assertInstanceOf(RemoteServiceException.class, e.getCause());
        assertTrue(error.getMessage().contains("InvalidParameter") && error.getMessage().contains("voice does not match"),
                error.getMessage());
        assertTrue(error.getMessage().contains("[TTS/cosyvoice]"), error.getMessage());
    }

    @Test
    void aRefusedKeyFailsTheHandshakeWithTheStatus() throws Exception {
        start(new SpeakingServer(1, new CountDownLatch(0)), Map.of("api-key", "sk-wrong"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> tts.synthesize("hi", tts.defaultVoice(), c -> { }).result().get(10, TimeUnit.SECONDS));
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
                () -> tts.synthesize("cut off", tts.defaultVoice(), audio::add).result().get(10, TimeUnit.SECONDS));
        assertInstanceOf(RemoteServiceException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("before task-finished"), e.getCause().getMessage());
        // A dropped socket may reset the connection before the client reads the frame sent just before it.
        assertTrue(audio.size() <= 1, "nothing but the frame the server sent: " + audio.size());
    }

    @Test
    void cancellingDuringSynthesisTellsTheServerAndStopsTheAudio() throws Exception {
        start((c, text) -> {
            if (text.contains("run-task")) {
                c.sendText(event("task-started", taskId(text)));
            } else if (text.contains("continue-task")) {
                c.sendBinary(pcm(1000));
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
        assertThrows(CancellationException.class, () -> running.result().join());
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the server saw the connection end");
        Connection c = server.connections().get(0);
        assertTrue(c.received.stream().anyMatch(m -> m.contains("\"directive\":\"cancel\"")) || !c.isOpen());
        assertEquals(1, audio.size(), "no audio after cancel");
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
        tts.synthesize(longText, tts.defaultVoice(), none).result().get(10, TimeUnit.SECONDS);
        List<String> sent = server.connections().get(0).received;
        long continues = sent.stream().filter(m -> m.contains("continue-task")).count();
        assertTrue(continues >= 2, "sent " + continues + " continue-task messages");
    }

    @Test
    void aMissingKeyNamesTheVariableToSet() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> CosyVoiceSettings.from(Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("DASHSCOPE_API_KEY"), e.getMessage());
        ConfigurationException rate = assertThrows(ConfigurationException.class,
                () -> CosyVoiceSettings.from(Map.of("api-key", "k", "sample-rate", "11025"), Map.of()));
        assertTrue(rate.getMessage().contains("sample-rate"), rate.getMessage());
    }
}
