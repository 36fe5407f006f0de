package dev.videochat.langchain4j;

import dev.videochat.api.Call;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.llm.testing.RecordingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.videochat.langchain4j.LangChain4jStreamingTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancel against a LangChain4j model that keeps delivering from its own thread after the cancel: whatever arrives
 * once {@code cancel()} has returned goes nowhere.
 */
@Timeout(60)
class LangChain4jLateCallbacksTest {

    private static final int ROUNDS = 200;
    private static final int LATE_PIECES = 500;

    @Test
    void noHandlerCallbackFollowsCancelWhileAnotherThreadKeepsDelivering() throws Exception {
        ThreadedModel threaded = new ThreadedModel(LATE_PIECES);
        try (LangChain4jChatModel model = LangChain4jChatModel.of(threaded)) {
            for (int round = 0; round < ROUNDS; round++) {
                int cancelAfter = 1 + round % 37; // a different point in the stream each round
                CountDownLatch reached = new CountDownLatch(cancelAfter);
                AtomicInteger inside = new AtomicInteger();
                List<String> deltas = Collections.synchronizedList(new ArrayList<>());
                ChatHandler handler = new ChatHandler() {
                    @Override
                    public void onDelta(String text) {
                        inside.incrementAndGet();
                        deltas.add(text);
                        reached.countDown();
                        inside.decrementAndGet();
                    }
                };
                Call<ChatResult> call = model.stream(HELLO, handler);
                ThreadedModel.Chat chat = threaded.nextChat();
                reached.await();

                call.cancel(); // while the model's thread goes on delivering
                int handlersRunning = inside.get();
                int deliveredAtCancel = deltas.size();
                chat.thread().join(TimeUnit.SECONDS.toMillis(10)); // the late pieces, the completion and the error

                String name = "round " + round + ": ";
                assertEquals(0, handlersRunning, name + "a handler callback outlived cancel()");
                assertEquals(deliveredAtCancel, deltas.size(), name + "deltas arrived after cancel() returned");
                assertEquals(numbered(deliveredAtCancel), deltas, name + "deltas out of order");
                assertTrue(deliveredAtCancel >= cancelAfter, name + deliveredAtCancel);
                assertTrue(chat.handle().isCancelled(), name + "the streaming handle was not cancelled");
                assertTrue(call.result().toCompletableFuture().isCancelled(), name + "the call did not end cancelled");
            }
        }
    }

    @Test
    void aCancelBeforeAnyHandleIsKnownCancelsTheHandleAtTheFirstPiece() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ThreadedModel threaded = new ThreadedModel(LATE_PIECES, release);
        try (LangChain4jChatModel model = LangChain4jChatModel.of(threaded)) {
            RecordingHandler handler = new RecordingHandler();
            Call<ChatResult> call = model.stream(HELLO, handler);
            ThreadedModel.Chat chat = threaded.nextChat();

            call.cancel();
            release.countDown();
            chat.thread().join(TimeUnit.SECONDS.toMillis(10));

            assertTrue(call.result().toCompletableFuture().isCancelled());
            assertTrue(chat.handle().isCancelled(), "the first piece's handle was not cancelled");
            assertTrue(handler.deltas.isEmpty(), "deltas after cancel(): " + handler.deltas.size());
        }
    }

    private static List<String> numbered(int count) {
        List<String> pieces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pieces.add(i + " ");
        }
        return pieces;
    }
}
