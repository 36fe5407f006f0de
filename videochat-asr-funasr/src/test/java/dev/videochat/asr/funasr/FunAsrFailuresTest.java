package dev.videochat.asr.funasr;

import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.asr.RecognitionSession;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.asr.TranscriptHandler;
import dev.videochat.api.audio.AudioChunk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.videochat.asr.funasr.FunAsrPeer.drop;
import static dev.videochat.asr.funasr.FunAsrPeer.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a FunASR connection can fail ends with a clear exception naming the server, never a hang. */
class FunAsrFailuresTest {

    private static RemoteServiceException failure(CompletionStage<Transcript> result) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> result.toCompletableFuture().get(30, TimeUnit.SECONDS));
        return assertInstanceOf(RemoteServiceException.class, e.getCause());
    }

    private static RemoteServiceException transcriptionFailure(FunAsrTestbed bed) throws IOException {
        RemoteServiceException e = failure(bed.recognizer.transcribe(FunAsrTestbed.speech()).result());
        assertTrue(e.getMessage().startsWith("[ASR/funasr] "), e.getMessage());
        assertTrue(e.getMessage().contains(bed.server.uri("").toString()), "names the endpoint: " + e.getMessage());
        return e;
    }

    @Test
    void anErrorFromTheServerFailsWithTheServersText() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.atEnd(
                text("{\"mode\":\"2pass\",\"wav_name\":\"t\",\"is_final\":true,\"error\":\"decoder is busy\"}")))) {
            RemoteServiceException e = transcriptionFailure(bed);
            assertTrue(e.getMessage().contains("the server reported an error: decoder is busy"), e.getMessage());
        }
    }

    @Test
    void aServerThatDiesWhileAudioIsComingFailsTheTranscription() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.afterFirstFrame(drop()))) {
            RemoteServiceException e = transcriptionFailure(bed);
            assertTrue(e.retryable());
        }
    }

    @Test
    void aServerThatClosesBeforeTheFinalResultFailsSayingSo() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.atEnd(c -> c.close(1011)))) {
            RemoteServiceException e = transcriptionFailure(bed);
            assertTrue(e.getMessage().contains("closed the connection before the final result (close 1011"),
                    e.getMessage());
        }
    }

    @Test
    void aServerThatNeverSendsTheFinalResultFailsAfterTheFinalTimeout() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.silent(), Map.of("final-timeout", "300ms"))) {
            RemoteServiceException e = transcriptionFailure(bed);
            assertTrue(e.getMessage().contains("no final result within 300 ms after the end of speech (setting "
                    + "final-timeout)"), e.getMessage());
            assertTrue(bed.server.clientGone.await(10, TimeUnit.SECONDS), "the socket is closed");
        }
    }

    @Test
    void aMalformedMessageFailsTheTranscriptionQuotingIt() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.afterFirstFrame(
                text("{\"mode\":\"2pass-online\",\"text\":")))) {
            RemoteServiceException e = transcriptionFailure(bed);
            assertTrue(e.getMessage().contains("malformed message from the server"), e.getMessage());
            assertTrue(e.getMessage().contains("{\"mode\":\"2pass-online\",\"text\":"), e.getMessage());
        }
    }

    @Test
    void aMessageThatIsNotAnObjectIsMalformedToo() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.atEnd(text("[\"is_final\", true]")))) {
            assertTrue(transcriptionFailure(bed).getMessage().contains("expected a JSON object"));
        }
    }

    @Test
    void anUnreachableServerFailsWithAConnectErrorThatSaysHowToStartIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "ws://127.0.0.1:" + port;
        try (FunAsrRecognizer asr = new FunAsrRecognizer(FunAsrSettings.from(Map.of("url", url)))) {
            RemoteServiceException e = failure(asr.transcribe(FunAsrTestbed.speech()).result());
            assertTrue(e.getMessage().contains("cannot connect to the FunASR server"), e.getMessage());
            assertTrue(e.getMessage().contains(url), e.getMessage());
            assertTrue(e.retryable());
        }
    }

    @Test
    void aFailedTlsHandshakeExplainsTheSelfSignedDefaultAndBothWaysOut() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> answerTlsWithPlainHttp(plain), "not-tls");
            server.setDaemon(true);
            server.start();
            String url = "wss://127.0.0.1:" + plain.getLocalPort();
            try (FunAsrRecognizer asr = new FunAsrRecognizer(FunAsrSettings.from(Map.of("url", url)))) {
                RemoteServiceException e = failure(asr.transcribe(FunAsrTestbed.speech()).result());
                String m = e.getMessage();
                assertTrue(m.contains("TLS handshake failed"), m);
                assertTrue(m.contains("self-signed certificate by default"), m);
                assertTrue(m.contains("--certfile 0"), m);
                assertTrue(m.contains("trust-all-certificates=true"), m);
                assertTrue(m.contains(url), m);
            }
        }
    }

    /** A server that is not TLS: whatever the client hello says, it answers an HTTP error and hangs up. */
    private static void answerTlsWithPlainHttp(ServerSocket socket) {
        try (Socket s = socket.accept(); InputStream in = s.getInputStream()) {
            in.read(new byte[512]);
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        } catch (IOException e) {
            // the client hung up first
        }
    }

    @Test
    void cancellingAStreamingSessionClosesTheSocketAndStopsTheCallbacks() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.deltaPerFrame())) {
            RecordingTranscripts handler = new RecordingTranscripts();
            RecognitionSession session = bed.recognizer.open(handler);
            AudioChunk speech = FunAsrTestbed.speech();
            session.feed(speech.slice(0, 960));
            assertTrue(handler.firstPartial.await(10, TimeUnit.SECONDS));

            session.cancel();
            int seen = handler.callbacks();
            assertTrue(bed.server.clientGone.await(10, TimeUnit.SECONDS), "the server sees the connection end");
            assertThrows(IllegalStateException.class, () -> session.feed(speech.slice(960, 1920)));
            assertThrows(CancellationException.class, () -> session.finish().toCompletableFuture().join());
            assertEquals(seen, handler.callbacks(), "no callback after cancel() returned");
        }
    }

    @Test
    void cancellingATranscriptionEndsItsCallAndClosesTheSocket() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.silent())) {
            var call = bed.recognizer.transcribe(FunAsrTestbed.speech());
            assertTrue(bed.peer.speechEnded.await(10, TimeUnit.SECONDS));

            call.cancel();
            assertThrows(CancellationException.class, () -> call.result().toCompletableFuture().join());
            assertThrows(CancellationException.class, call::await);
            assertTrue(bed.server.clientGone.await(10, TimeUnit.SECONDS), "the server sees the connection end");
        }
    }

    @Test
    void anErrorThrownByTheHandlerOnTheListenerThreadEndsTheSessionAndClosesTheSocket() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.deltaPerFrame())) {
            OutOfMemoryError error = new OutOfMemoryError("simulated: Java heap space");
            RecognitionSession session = bed.recognizer.open(new TranscriptHandler() {
                @Override
                public void onPartial(String text) {
                    throw error;
                }

                @Override
                public void onFinal(Transcript transcript) {
                }
            });
            session.feed(FunAsrTestbed.speech().slice(0, 960));

            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> session.finish().toCompletableFuture().get(30, TimeUnit.SECONDS));
            VideoChatException failure = assertInstanceOf(VideoChatException.class, e.getCause());
            assertEquals(Stage.ASR, failure.stage());
            assertEquals("[ASR/funasr] the transcript handler failed: java.lang.OutOfMemoryError: simulated: Java "
                    + "heap space", failure.getMessage());
            assertEquals(error, failure.getCause());
            assertTrue(bed.server.clientGone.await(10, TimeUnit.SECONDS), "the server sees the connection end");
        }
    }

    @Test
    void aClipThatIsEmptyOrNotAt16kHzIsRefusedNamingBothRates() throws Exception {
        try (FunAsrTestbed bed = new FunAsrTestbed(FunAsrScripts.silent())) {
            assertThrows(IllegalArgumentException.class, () -> bed.recognizer.transcribe(AudioChunk.silence(0, 16000)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> bed.recognizer.transcribe(AudioChunk.silence(800, 8000)));
            assertTrue(e.getMessage().contains("8000 Hz") && e.getMessage().contains("16000 Hz"), e.getMessage());
            RecognitionSession session = bed.recognizer.open(new RecordingTranscripts());
            e = assertThrows(IllegalArgumentException.class, () -> session.feed(AudioChunk.silence(441, 44100)));
            assertTrue(e.getMessage().contains("44100 Hz") && e.getMessage().contains("16000 Hz"), e.getMessage());
            session.cancel();
        }
    }
}
