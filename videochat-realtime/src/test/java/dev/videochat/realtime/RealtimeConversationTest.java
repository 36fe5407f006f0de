package dev.videochat.realtime;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.s2s.SpeechCall;
import dev.videochat.api.s2s.SpeechConversation;
import dev.videochat.api.s2s.SpeechResult;
import dev.videochat.core.audio.Resampler;
import dev.videochat.core.testing.LoopbackWebSocketServer;
import dev.videochat.realtime.RealtimeEvents.ServerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs conversations against {@link RealtimePeer}, a Realtime-protocol server on loopback. */
class RealtimeConversationTest {

    private final RealtimePeer peer = new RealtimePeer();
    private LoopbackWebSocketServer server;
    private RealtimeSpeechModel model;

    @AfterEach
    void stop() throws IOException {
        if (model != null) {
            model.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private SpeechConversation open(RealtimeSpeechModel.Builder settings) throws IOException {
        server = new LoopbackWebSocketServer(peer, request -> "Bearer sk-test".equals(request.get("authorization"))
                ? null : new LoopbackWebSocketServer.Refusal(401, "{\"error\":{\"code\":\"invalid_api_key\"}}"), 1);
        model = new RealtimeSpeechModel(settings.baseUrl(server.uri("/v1/realtime"))
                .environment(Map.of("TEST_KEY", "sk-test")::get).settings());
        return model.open(Optional.of("Be brief."));
    }

    private static RealtimeSpeechModel.Builder settings() {
        return RealtimeSpeechModel.builder(RealtimePreset.LOCAL).model("test-model").voice("verse")
                .apiKeyEnv("TEST_KEY").idleTimeout(Duration.ofSeconds(10));
    }

    private List<ServerEvent> received() throws IOException {
        List<ServerEvent> events = new java.util.ArrayList<>();
        for (String text : server.connections().get(0).received) {
            events.add(RealtimeEvents.parse(text));
        }
        return events;
    }

    /** How the call ended: its exception (a cancellation is thrown by get() as itself, not wrapped). */
    private static Throwable failure(SpeechCall call) {
        Throwable e = assertThrows(Exception.class, () -> call.result()
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        return e instanceof ExecutionException ? e.getCause() : e;
    }

    @Test
    void aTextTurnStreamsTheAnswersAudioAndTranscript() throws Exception {
        SpeechConversation conversation = open(settings());
        RecordingSpeechHandler handler = new RecordingSpeechHandler();

        SpeechResult result = conversation.respond(Optional.empty(), Optional.of("What time is it?"), handler)
                .result().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertArrayEquals(RealtimePeer.AUDIO, handler.samples());
        assertTrue(handler.audio.stream().allMatch(c -> c.sampleRate() == 24_000));
        assertEquals(RealtimePeer.TRANSCRIPT, handler.transcript);
        assertEquals(String.join("", RealtimePeer.TRANSCRIPT), result.transcript());
        assertEquals(RealtimePeer.AUDIO.length, result.audioSamples());
        assertTrue(result.firstAudio().isPresent());
        List<ServerEvent> sent = received();
        assertEquals(List.of("session.update", "conversation.item.create", "response.create"),
                sent.stream().map(ServerEvent::type).toList());
        assertEquals("user", sent.get(1).getOr("item.role", ""));
        assertTrue(server.connections().get(0).received.get(1).contains("\"input_text\""));
        assertTrue(server.connections().get(0).received.get(1).contains("What time is it?"));
    }

    @Test
    void theSessionIsConfiguredFirstWithTheVoiceFormatsAndInstructions() throws Exception {
        SpeechConversation conversation = open(settings().inputTranscriptionModel("whisper-1"));
        conversation.respond(Optional.empty(), Optional.of("hi"), new RecordingSpeechHandler())
                .result().toCompletableFuture().get(10, TimeUnit.SECONDS);

        ServerEvent update = received().get(0);
        assertEquals("session.update", update.type());
        assertEquals("verse", update.getOr("session.voice", ""));
        assertEquals("pcm16", update.getOr("session.input_audio_format", ""));
        assertEquals("pcm16", update.getOr("session.output_audio_format", ""));
        assertEquals("Be brief.", update.getOr("session.instructions", ""));
        assertEquals("whisper-1", update.getOr("session.input_audio_transcription.model", ""));
        assertTrue(server.connections().get(0).received.get(0).contains("\"turn_detection\":null"));
        assertTrue(server.connections().get(0).received.get(0).contains("\"modalities\":[\"text\",\"audio\"]"));
    }

    @Test
    void anAudioTurnSendsResampledPcmCommitsItAndHearsTheUserTranscript() throws Exception {
        SpeechConversation conversation = open(settings().inputTranscriptionModel("whisper-1"));
        RecordingSpeechHandler handler = new RecordingSpeechHandler();
        AudioChunk question = new AudioChunk(RealtimePeer.tone(4_000), 16_000);

        SpeechResult result = conversation.respond(Optional.of(question), Optional.empty(), handler)
                .result().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertArrayEquals(RealtimePeer.bytes(Resampler.convert(question, 24_000).samples()), peer.appended.toByteArray());
        List<String> types = received().stream().map(ServerEvent::type).toList();
        assertEquals("input_audio_buffer.commit", types.get(types.size() - 2));
        assertEquals("response.create", types.get(types.size() - 1));
        // 6,000 samples at 24 kHz in appends of 100 ms (2,400 samples): three of them.
        assertEquals(3, types.stream().filter("input_audio_buffer.append"::equals).count());
        assertArrayEquals(RealtimePeer.AUDIO, handler.samples());
        assertEquals(List.of(RealtimePeer.TRANSCRIPT_OF_USER), handler.userTranscripts);
        assertEquals(Optional.of(RealtimePeer.TRANSCRIPT_OF_USER), result.userTranscript());
    }

    @Test
    void withServerVadTheClientOnlyAppendsAndTheServersOwnResponseReachesTheCall() throws Exception {
        SpeechConversation conversation = open(settings().serverVad(true));
        RecordingSpeechHandler handler = new RecordingSpeechHandler();
        SpeechCall call = conversation.respond(Optional.of(new AudioChunk(RealtimePeer.tone(2_400), 24_000)),
                Optional.empty(), handler);

        peer.serverVadTurn(server.connections().get(0));
        call.result().toCompletableFuture().get(10, TimeUnit.SECONDS);
        conversation.close();
        // Once the client has gone, the peer has read everything it sent.
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS));

        assertArrayEquals(RealtimePeer.AUDIO, handler.samples());
        List<ServerEvent> sent = received();
        assertEquals("server_vad", sent.get(0).getOr("session.turn_detection.type", ""));
        assertEquals(List.of("session.update", "input_audio_buffer.append"),
                sent.stream().map(ServerEvent::type).distinct().toList());
    }

    @Test
    void cancellingSendsResponseCancelAndNothingReachesTheHandlerAfterwards() throws Exception {
        SpeechConversation conversation = open(settings());
        peer.answer = RealtimePeer.Answer.HOLD;
        RecordingSpeechHandler first = new RecordingSpeechHandler();
        SpeechCall call = conversation.respond(Optional.empty(), Optional.of("tell me a story"), first);
        assertTrue(first.firstAudio.await(10, TimeUnit.SECONDS));

        call.cancel();
        first.sealed = true;

        assertInstanceOf(CancellationException.class, failure(call));
        assertTrue(peer.cancelSeen.await(10, TimeUnit.SECONDS));
        // The peer answers the cancel with late deltas; the next response comes after them on the same socket.
        peer.answer = RealtimePeer.Answer.SPEAK;
        RecordingSpeechHandler second = new RecordingSpeechHandler();
        conversation.respond(Optional.empty(), Optional.of("never mind"), second).result()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(0, first.afterSeal.get());
        assertArrayEquals(RealtimePeer.AUDIO, second.samples());
        assertTrue(received().stream().anyMatch(e -> e.type().equals("response.cancel")
                && e.getOr("response_id", "").equals("resp_1")));
    }

    @Test
    void aResponseCancelledAtOnceNeverLeaksIntoTheNextOne() throws Exception {
        SpeechConversation conversation = open(settings());
        peer.answer = RealtimePeer.Answer.HOLD;
        RecordingSpeechHandler first = new RecordingSpeechHandler();

        // Cancelled at once: usually before response.created names it, so the client cancels again by id later.
        SpeechCall call = conversation.respond(Optional.empty(), Optional.of("tell me a story"), first);
        call.cancel();
        first.sealed = true;
        assertTrue(peer.cancelSeen.await(10, TimeUnit.SECONDS));
        peer.answer = RealtimePeer.Answer.SPEAK;
        RecordingSpeechHandler second = new RecordingSpeechHandler();
        conversation.respond(Optional.empty(), Optional.of("never mind"), second).result()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(0, first.afterSeal.get());
        assertTrue(first.audio.isEmpty());
        assertArrayEquals(RealtimePeer.AUDIO, second.samples());
        assertEquals(String.join("", RealtimePeer.TRANSCRIPT), String.join("", second.transcript));
    }

    @Test
    void aHandlerThatThrowsFailsTheResponseAndCancelsItOnTheServer() throws Exception {
        SpeechConversation conversation = open(settings());
        peer.answer = RealtimePeer.Answer.HOLD;
        RecordingSpeechHandler broken = new RecordingSpeechHandler() {
            @Override
            public void onAudio(AudioChunk chunk) {
                throw new IllegalStateException("test: the player is gone");
            }
        };

        Throwable e = failure(conversation.respond(Optional.empty(), Optional.of("hi"), broken));

        assertTrue(e.getMessage().contains("the speech handler failed"), e.getMessage());
        assertTrue(e.getMessage().contains("the player is gone"), e.getMessage());
        assertTrue(peer.cancelSeen.await(10, TimeUnit.SECONDS));
    }

    @Test
    void truncateTellsTheServerHowMuchOfTheAnswerWasHeard() throws Exception {
        SpeechConversation conversation = open(settings());
        SpeechCall call = conversation.respond(Optional.empty(), Optional.of("hi"), new RecordingSpeechHandler());
        call.result().toCompletableFuture().get(10, TimeUnit.SECONDS);

        call.truncate(Duration.ofMillis(120));

        assertTrue(peer.truncateSeen.await(10, TimeUnit.SECONDS));
        ServerEvent truncate = received().stream().filter(e -> e.type().equals("conversation.item.truncate"))
                .findFirst().orElseThrow();
        assertEquals("item_a1", truncate.getOr("item_id", ""));
        assertEquals("0", truncate.getOr("content_index", ""));
        assertEquals("120", truncate.getOr("audio_end_ms", ""));
    }

    @Test
    void truncateAfterCancelCutsAtWhatWasPlayedButNoFurtherThanWhatArrived() throws Exception {
        SpeechConversation conversation = open(settings());
        peer.answer = RealtimePeer.Answer.HOLD;
        RecordingSpeechHandler handler = new RecordingSpeechHandler();
        SpeechCall call = conversation.respond(Optional.empty(), Optional.of("hi"), handler);
        assertTrue(handler.firstAudio.await(10, TimeUnit.SECONDS));
        call.cancel();

        // 2,400 samples (100 ms) arrived before the cancel; the player claims more.
        call.truncate(Duration.ofSeconds(5));

        assertTrue(peer.truncateSeen.await(10, TimeUnit.SECONDS));
        ServerEvent truncate = received().stream().filter(e -> e.type().equals("conversation.item.truncate"))
                .findFirst().orElseThrow();
        assertEquals("item_a1", truncate.getOr("item_id", ""));
        assertEquals("100", truncate.getOr("audio_end_ms", ""));
    }

    @Test
    void anErrorEventEndsTheResponseWithTheServersCodeAndMessage() throws Exception {
        SpeechConversation conversation = open(settings());
        peer.answer = RealtimePeer.Answer.RATE_LIMITED;

        Throwable e = failure(conversation.respond(Optional.empty(), Optional.of("hi"), new RecordingSpeechHandler()));

        RemoteServiceException remote = assertInstanceOf(RemoteServiceException.class, e);
        assertTrue(remote.getMessage().contains("rate_limit_exceeded"), remote.getMessage());
        assertTrue(remote.getMessage().contains("Rate limit reached for requests per minute"), remote.getMessage());
        assertTrue(remote.getMessage().startsWith("[S2S/realtime]"), remote.getMessage());
        assertTrue(remote.retryable());
    }

    @Test
    void aFailedResponseNamesItsStatusAndTheServersError() throws Exception {
        SpeechConversation conversation = open(settings());
        peer.answer = RealtimePeer.Answer.FAILED;

        Throwable e = failure(conversation.respond(Optional.empty(), Optional.of("hi"), new RecordingSpeechHandler()));

        RemoteServiceException remote = assertInstanceOf(RemoteServiceException.class, e);
        assertTrue(remote.getMessage().contains("response failed: server_error: The model produced invalid audio"),
                remote.getMessage());
        assertTrue(remote.retryable());
    }

    @Test
    void aRefusedKeyAtTheHandshakeIsAClearFailure() throws IOException {
        server = new LoopbackWebSocketServer(peer, request -> new LoopbackWebSocketServer.Refusal(401,
                "{\"error\":{\"code\":\"invalid_api_key\"}}"), 1);
        model = new RealtimeSpeechModel(settings().baseUrl(server.uri("/v1/realtime"))
                .environment(Map.of("TEST_KEY", "sk-wrong")::get).settings());

        RemoteServiceException e = assertThrows(RemoteServiceException.class, () -> model.open(Optional.empty()));

        assertEquals(401, e.status().orElse(-1));
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        assertTrue(e.getMessage().contains("$TEST_KEY"), e.getMessage());
        assertTrue(!e.getMessage().contains("sk-wrong"), e.getMessage());
        assertTrue(e.getMessage().contains(server.uri("/v1/realtime").toString()), e.getMessage());
    }

    @Test
    void aDroppedSocketFailsTheResponseNamingTheEndpoint() throws Exception {
        // Far beyond the test's wait: the drop itself must end the response.
        SpeechConversation conversation = open(settings().idleTimeout(Duration.ofMinutes(5)));
        peer.answer = RealtimePeer.Answer.DROP;

        Throwable e = failure(conversation.respond(Optional.empty(), Optional.of("hi"), new RecordingSpeechHandler()));

        RemoteServiceException remote = assertInstanceOf(RemoteServiceException.class, e);
        assertTrue(remote.getMessage().contains("connection"), remote.getMessage());
        assertTrue(remote.getMessage().contains(server.uri("/v1/realtime").toString()), remote.getMessage());
        // The conversation cannot go on: the next response fails the same way at once.
        Throwable next = failure(conversation.respond(Optional.empty(), Optional.of("again"), new RecordingSpeechHandler()));
        assertInstanceOf(RemoteServiceException.class, next);
    }

    @Test
    void aServerThatStopsSendingFailsTheResponseAfterTheIdleTimeout() throws Exception {
        SpeechConversation conversation = open(settings().idleTimeout(Duration.ofMillis(300)));
        peer.answer = RealtimePeer.Answer.SILENT;

        Throwable e = failure(conversation.respond(Optional.empty(), Optional.of("hi"), new RecordingSpeechHandler()));

        RemoteServiceException remote = assertInstanceOf(RemoteServiceException.class, e);
        assertTrue(remote.getMessage().contains("idle-timeout"), remote.getMessage());
        assertTrue(remote.getMessage().contains("300 ms"), remote.getMessage());
    }

    @Test
    void outputAudioInAnUnexpectedFormatIsRefusedNamingIt() throws Exception {
        peer.outputFormat = "g711_ulaw";
        SpeechConversation conversation = open(settings());

        Throwable e = failure(conversation.respond(Optional.empty(), Optional.of("hi"), new RecordingSpeechHandler()));

        assertTrue(e.getMessage().contains("'g711_ulaw'"), e.getMessage());
        assertTrue(e.getMessage().contains("output-audio-format"), e.getMessage());
    }

    @Test
    void respondingWhileAResponseRunsIsRefused() throws Exception {
        SpeechConversation conversation = open(settings());
        peer.answer = RealtimePeer.Answer.HOLD;
        SpeechCall running = conversation.respond(Optional.empty(), Optional.of("hi"), new RecordingSpeechHandler());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> conversation.respond(Optional.empty(), Optional.of("and?"), new RecordingSpeechHandler()));

        assertTrue(e.getMessage().contains("cancel it first"), e.getMessage());
        running.cancel();
    }

    @Test
    void aTurnWithNeitherAudioNorTextIsRefused() throws Exception {
        SpeechConversation conversation = open(settings());

        assertThrows(IllegalArgumentException.class,
                () -> conversation.respond(Optional.empty(), Optional.of("  "), new RecordingSpeechHandler()));
    }
}
