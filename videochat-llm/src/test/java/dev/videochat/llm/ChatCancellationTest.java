package dev.videochat.llm;

import dev.videochat.api.Call;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.llm.testing.LoopbackServer;
import dev.videochat.llm.testing.RecordingHandler;
import dev.videochat.llm.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.videochat.llm.OpenAiStreamingTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ChatCancellationTest {

    /** Opens when the test has cancelled; the server then writes until the connection fails. */
    private final CountDownLatch cancelled = new CountDownLatch(1);
    /** The write failure that proves the client closed the connection. */
    private final CompletableFuture<IOException> serverSawClose = new CompletableFuture<>();

    /** Writes the start of a response. */
    private interface Opening {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Starts a stream with {@code opening}, waits for the test to cancel, then keeps writing deltas; the first
     * write that fails, whenever it happens, completes {@link #serverSawClose}.
     */
    private LoopbackServer.Responder streamUntilClosed(Opening opening) {
        return exchange -> {
            try {
                OutputStream out = Wire.startEvents(exchange);
                opening.write(out);
                cancelled.await(10, TimeUnit.SECONDS);
                byte[] more = Wire.content(" more").getBytes(StandardCharsets.UTF_8);
                // the socket buffers hold far less than this: an open connection would block here, not finish
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(more);
                    out.flush();
                }
                serverSawClose.completeExceptionally(new AssertionError("the connection stayed open"));
            } catch (IOException e) {
                serverSawClose.complete(e);
            }
        };
    }

    private LoopbackServer.Responder streamUntilClosed(String first) {
        return streamUntilClosed(out -> Wire.writeSplit(out, Wire.content(first)));
    }

    @Test
    void cancellingClosesTheStreamSoTheServerSeesTheConnectionClosedAndNoDeltaFollows() throws Exception {
        try (LoopbackServer server = new LoopbackServer(streamUntilClosed("Hello"));
             HttpChatModel model = TestModels.openAiCompatible(server)) {
            RecordingHandler handler = new RecordingHandler();
            Call<ChatResult> call = model.stream(HELLO, handler);
            handler.firstDelta.await();

            call.cancel();
            cancelled.countDown();

            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("Hello"), handler.deltas);
            assertTrue(call.result().toCompletableFuture().isCancelled());
            assertThrows(CancellationException.class, call::await);
        }
    }

    @Test
    void cancellingInterruptsAHandlerBlockedOnAFullQueueAndReturns() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CompletableFuture<InterruptedException> handlerInterrupted = new CompletableFuture<>();
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onDelta(String text) throws InterruptedException {
                super.onDelta(text);
                blocked.countDown();
                try {
                    new CountDownLatch(1).await(); // a consumer that never takes anything
                } catch (InterruptedException e) {
                    handlerInterrupted.complete(e);
                    throw e;
                }
            }
        };
        try (LoopbackServer server = new LoopbackServer(streamUntilClosed("Hello"));
             HttpChatModel model = TestModels.openAiCompatible(server)) {
            Call<ChatResult> call = model.stream(HELLO, handler);
            blocked.await();

            call.cancel();
            cancelled.countDown();

            assertTrue(handlerInterrupted.isDone(), "cancel returned before the blocked handler was released");
            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("Hello"), handler.deltas);
            assertTrue(call.result().toCompletableFuture().isCancelled());
        }
    }

    @Test
    void cancellingBeforeTheServerAnswersAbortsTheRequest() throws Exception {
        CountDownLatch requestSeen = new CountDownLatch(1);
        LoopbackServer.Responder afterCancel = streamUntilClosed(out -> { });
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            requestSeen.countDown();
            cancelled.await(10, TimeUnit.SECONDS);
            afterCancel.respond(exchange);
        }); HttpChatModel model = TestModels.openAiCompatible(server)) {
            RecordingHandler handler = new RecordingHandler();
            Call<ChatResult> call = model.stream(HELLO, handler);
            requestSeen.await();

            call.cancel();
            cancelled.countDown();

            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertTrue(call.result().toCompletableFuture().isCancelled());
            assertTrue(handler.deltas.isEmpty());
        }
    }

    @Test
    void aHandlerThatCancelsFromInsideItsCallbackHearsNothingMore() throws Exception {
        try (LoopbackServer server = new LoopbackServer(streamUntilClosed(out -> Wire.writeSplit(out,
                Wire.content("one") + Wire.content("two") + Wire.content("three"))));
             HttpChatModel model = TestModels.openAiCompatible(server)) {
            CompletableFuture<Call<ChatResult>> self = new CompletableFuture<>();
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public void onDelta(String text) throws InterruptedException {
                    super.onDelta(text);
                    self.join().cancel();
                }
            };
            Call<ChatResult> call = model.stream(HELLO, handler);
            self.complete(call);
            assertThrows(CancellationException.class, call::await);
            cancelled.countDown();

            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("one"), handler.deltas);
        }
    }

    @Test
    void cancellingTheResultFutureCancelsTheCall() throws Exception {
        try (LoopbackServer server = new LoopbackServer(streamUntilClosed("Hello"));
             HttpChatModel model = TestModels.openAiCompatible(server)) {
            RecordingHandler handler = new RecordingHandler();
            Call<ChatResult> call = model.stream(HELLO, handler);
            handler.firstDelta.await();

            call.result().toCompletableFuture().cancel(true);
            cancelled.countDown();

            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingTheModelCancelsItsRunningCalls() throws Exception {
        try (LoopbackServer server = new LoopbackServer(streamUntilClosed("Hello"))) {
            HttpChatModel model = TestModels.openAiCompatible(server);
            RecordingHandler handler = new RecordingHandler();
            Call<ChatResult> call = model.stream(HELLO, handler);
            handler.firstDelta.await();

            model.close();
            cancelled.countDown();

            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertTrue(call.result().toCompletableFuture().isCancelled());
            assertThrows(IllegalStateException.class, () -> model.stream(HELLO, handler));
        }
    }
}
