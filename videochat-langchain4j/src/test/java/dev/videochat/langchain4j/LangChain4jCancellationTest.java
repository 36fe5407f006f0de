package dev.videochat.langchain4j;

import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
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

import static dev.videochat.langchain4j.LangChain4jStreamingTest.HELLO;
import static dev.videochat.llm.testing.Wire.DONE;
import static dev.videochat.llm.testing.Wire.content;
import static dev.videochat.llm.testing.Wire.finish;
import static dev.videochat.llm.testing.Wire.role;
import static dev.videochat.llm.testing.Wire.usage;
import static dev.videochat.llm.testing.Wire.writeSplit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancelling bridged calls against a server that keeps streaming until the client closes the connection. */
@Timeout(30)
class LangChain4jCancellationTest {

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
     * write that fails completes {@link #serverSawClose}.
     */
    private LoopbackServer.Responder streamUntilClosed(Opening opening) {
        return exchange -> {
            try {
                OutputStream out = Wire.startEvents(exchange);
                opening.write(out);
                cancelled.await(10, TimeUnit.SECONDS);
                byte[] more = content(" more").getBytes(StandardCharsets.UTF_8);
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
        return streamUntilClosed(out -> writeSplit(out, role() + content(first)));
    }

    @Test
    void cancellingMidStreamClosesTheConnectionAndNoDeltaFollows() throws Exception {
        try (LoopbackServer server = new LoopbackServer(streamUntilClosed("Hello"));
             LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            RecordingHandler handler = new RecordingHandler();
            Call<ChatResult> call = model.stream(HELLO, handler);
            handler.firstDelta.await();

            call.cancel();
            List<String> atCancel = List.copyOf(handler.deltas);
            cancelled.countDown();

            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("Hello"), atCancel);
            assertEquals(atCancel, handler.deltas, "deltas arrived after cancel() returned");
            assertTrue(call.result().toCompletableFuture().isCancelled());
            assertThrows(CancellationException.class, call::await);
        }
    }

    @Test
    void cancellingBeforeTheFirstDeltaEndsTheCallAtOnceAndClosesTheStreamAtTheFirstChunk() throws Exception {
        CountDownLatch requestSeen = new CountDownLatch(1);
        // the server holds its headers until the test has cancelled: LangChain4j has no handle to give yet
        LoopbackServer.Responder afterCancel = streamUntilClosed(out -> writeSplit(out, role() + content("late")));
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            requestSeen.countDown();
            cancelled.await(10, TimeUnit.SECONDS);
            afterCancel.respond(exchange);
        }); LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            RecordingHandler handler = new RecordingHandler();
            Call<ChatResult> call = model.stream(HELLO, handler);
            requestSeen.await();

            call.cancel();

            assertTrue(call.result().toCompletableFuture().isCancelled(),
                    "the call did not end when cancel() returned");
            cancelled.countDown();
            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertTrue(handler.deltas.isEmpty(), "a delta arrived after cancel() returned: " + handler.deltas);
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
             LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
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
    void aHandlerThatCancelsFromInsideItsCallbackHearsNothingMore() throws Exception {
        try (LoopbackServer server = new LoopbackServer(streamUntilClosed(out -> writeSplit(out,
                role() + content("one") + content("two") + content("three"))));
             LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
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
             LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server))) {
            RecordingHandler handler = new RecordingHandler();
            Call<ChatResult> call = model.stream(HELLO, handler);
            handler.firstDelta.await();

            CompletableFuture<ChatResult> future = call.result().toCompletableFuture();
            future.cancel(true);
            List<String> atCancel = List.copyOf(handler.deltas);
            cancelled.countDown();

            assertTrue(future.isCancelled(), "the future was not cancelled when cancel(true) returned");
            assertThrows(CancellationException.class, call::await);
            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("Hello"), atCancel);
            assertEquals(atCancel, handler.deltas, "deltas arrived after the future's cancel(true) returned");
        }
    }

    @Test
    void closingTheBridgeCancelsItsCallsAndLeavesTheLangChain4jModelUsable() throws Exception {
        LoopbackServer.Responder whole = exchange -> writeSplit(Wire.startEvents(exchange),
                role() + content("Still here.") + finish("stop") + usage(9, 3) + DONE);
        try (LoopbackServer server = new LoopbackServer(streamUntilClosed("Hello"), whole)) {
            OpenAiStreamingChatModel shared = OpenAiModels.at(server);
            LangChain4jChatModel model = LangChain4jChatModel.of(shared);
            RecordingHandler handler = new RecordingHandler();
            Call<ChatResult> call = model.stream(HELLO, handler);
            handler.firstDelta.await();

            model.close();
            cancelled.countDown();

            assertTrue(call.result().toCompletableFuture().isCancelled());
            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> model.stream(HELLO, handler));
            try (LangChain4jChatModel again = LangChain4jChatModel.of(shared)) {
                assertEquals("Still here.", again.stream(HELLO, new RecordingHandler()).await().text());
            }
        }
    }
}
