package dev.videochat.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.llm.testing.RecordingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.videochat.langchain4j.LangChain4jStreamingTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LangChain4j models written by hand, each behaving in one of the ways the interface allows. */
@Timeout(30)
class LangChain4jHandWrittenModelsTest {

    @Test
    void aModelThatOnlyCompletesHasItsWholeAnswerDeliveredAsOneDelta() throws Exception {
        StreamingChatModel completesAtOnce = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("Hello there."))
                        .finishReason(FinishReason.STOP).tokenUsage(new TokenUsage(5, 3)).build());
            }
        };
        try (LangChain4jChatModel model = LangChain4jChatModel.of(completesAtOnce)) {
            RecordingHandler handler = new RecordingHandler();

            ChatResult result = model.stream(HELLO, handler).await();

            assertEquals(List.of("Hello there."), handler.deltas);
            assertEquals("Hello there.", result.text());
            assertEquals("stop", result.finishReason());
            assertEquals(1, result.deltaCount());
            assertEquals(3, result.completionTokens());
        }
    }

    @Test
    void aModelThatGeneratesOnItsCallersThreadStillLetsStreamReturnAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StreamingChatModel blocking = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    handler.onError(e);
                    return;
                }
                handler.onPartialResponse("Hi");
                handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("Hi")).build());
            }
        };
        CompletableFuture<String> deliveredOn = new CompletableFuture<>();
        try (LangChain4jChatModel model = LangChain4jChatModel.builder(blocking).name("local").build()) {
            Call<ChatResult> call = model.stream(HELLO, new RecordingHandler() {
                @Override
                public void onDelta(String text) throws InterruptedException {
                    super.onDelta(text);
                    deliveredOn.complete(Thread.currentThread().getName());
                }
            });
            assertFalse(call.result().toCompletableFuture().isDone());

            release.countDown();

            assertEquals("Hi", call.await().text());
            assertEquals("unknown", call.await().finishReason());
            assertEquals(-1, call.await().completionTokens());
            assertTrue(deliveredOn.get(10, TimeUnit.SECONDS).startsWith("videochat-llm-local-"),
                    deliveredOn.get());
        }
    }

    @Test
    void theResultCannotBeCompletedFromOutsideTheCall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StreamingChatModel held = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    handler.onError(e);
                    return;
                }
                handler.onPartialResponse("The model's answer.");
                handler.onCompleteResponse(ChatResponse.builder()
                        .aiMessage(AiMessage.from("The model's answer.")).build());
            }
        };
        try (LangChain4jChatModel model = LangChain4jChatModel.of(held)) {
            Call<ChatResult> call = model.stream(HELLO, new RecordingHandler());
            CompletableFuture<ChatResult> future = call.result().toCompletableFuture();

            assertThrows(UnsupportedOperationException.class, () -> future.complete(null));
            assertThrows(UnsupportedOperationException.class,
                    () -> future.completeExceptionally(new IllegalStateException("forged")));
            assertFalse(call.isDone());
            release.countDown();

            assertEquals("The model's answer.", call.await().text());
        }
    }

    @Test
    void aModelThatRefusesTheRequestAtOnceFailsTheCall() throws Exception {
        IllegalArgumentException refusal = new IllegalArgumentException("temperature is not supported");
        StreamingChatModel refusing = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                throw refusal;
            }
        };
        try (LangChain4jChatModel model = LangChain4jChatModel.of(refusing)) {
            VideoChatException failure = assertThrows(VideoChatException.class,
                    () -> model.stream(HELLO, new RecordingHandler()).await());

            assertEquals(Stage.LLM, failure.stage());
            assertEquals("langchain4j", failure.provider());
            assertSame(refusal, failure.getCause());
            assertTrue(failure.getMessage().contains("IllegalArgumentException: temperature is not supported"),
                    failure.getMessage());
        }
    }

    @Test
    void aHandlerInterruptedByItsOwnerFailsTheCallAndTheInterruptIsKept() throws Exception {
        CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
        StreamingChatModel twoPieces = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                new Thread(() -> {
                    handler.onPartialResponse("one");
                    interruptKept.complete(Thread.currentThread().isInterrupted());
                    handler.onPartialResponse("two");
                    handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("one")).build());
                }).start();
            }
        };
        try (LangChain4jChatModel model = LangChain4jChatModel.of(twoPieces)) {
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public void onDelta(String text) throws InterruptedException {
                    super.onDelta(text);
                    throw new InterruptedException("the pipeline is shutting down");
                }
            };

            VideoChatException failure = assertThrows(VideoChatException.class,
                    () -> model.stream(HELLO, handler).await());

            assertInstanceOf(InterruptedException.class, failure.getCause());
            assertTrue(failure.getMessage().contains("interrupted"), failure.getMessage());
            assertTrue(interruptKept.get(10, TimeUnit.SECONDS), "the handler's interrupt was swallowed");
            assertEquals(List.of("one"), handler.deltas);
        }
    }

    @Test
    void closingTheBridgeLeavesTheModelOpenUnlessTheBridgeOwnsIt() {
        ClosableModel shared = new ClosableModel();
        LangChain4jChatModel.of(shared).close();
        assertFalse(shared.closed);

        ClosableModel own = new ClosableModel();
        LangChain4jChatModel.builder(own).ownsModel(true).build().close();
        assertTrue(own.closed);
    }

    /** A model holding something to release, as one with its own HTTP client or native runtime does. */
    private static final class ClosableModel implements StreamingChatModel, AutoCloseable {
        volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
