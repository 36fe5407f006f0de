package dev.videochat.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A LangChain4j streaming model written by hand, as a provider module would: it streams the pieces {@code "0 "},
 * {@code "1 "}, ... from a thread of its own, as fast as its handler takes them, until its streaming handle is
 * cancelled; then, like a provider that notices a cancel late, it delivers {@code latePieces} more, completes, and
 * reports an error. The worst case for the bridge, which must drop whatever comes late.
 */
final class ThreadedModel implements StreamingChatModel {

    /** Stops a stream whose handle is never cancelled, so that a broken bridge fails its test instead of hanging. */
    static final int MAX_PIECES = 1_000_000;

    /** One chat: the thread delivering it and the handle it passes along. */
    record Chat(Thread thread, FlagHandle handle) {
    }

    private final int latePieces;
    private final CountDownLatch release;
    private final BlockingQueue<Chat> chats = new LinkedBlockingQueue<>();

    /**
     * @param latePieces how many pieces to deliver after the handle is cancelled
     * @param release    opens when the model may start delivering
     */
    ThreadedModel(int latePieces, CountDownLatch release) {
        this.latePieces = latePieces;
        this.release = release;
    }

    ThreadedModel(int latePieces) {
        this(latePieces, new CountDownLatch(0));
    }

    /** The next chat started, once its thread runs. */
    Chat nextChat() throws InterruptedException {
        Chat chat = chats.poll(10, TimeUnit.SECONDS);
        if (chat == null) {
            throw new AssertionError("no chat started");
        }
        return chat;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        FlagHandle streaming = new FlagHandle();
        Thread thread = new Thread(() -> {
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the model was never released");
                }
            } catch (InterruptedException e) {
                return;
            }
            int late = 0;
            for (int i = 0; i < MAX_PIECES && (!streaming.isCancelled() || late++ < latePieces); i++) {
                handler.onPartialResponse(new PartialResponse(i + " "), new PartialResponseContext(streaming));
            }
            handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("the whole answer"))
                    .finishReason(FinishReason.STOP).build());
            handler.onError(new IllegalStateException("an error after the end, which must go nowhere"));
        }, "threaded-model");
        thread.start();
        chats.add(new Chat(thread, streaming));
    }

    /** A streaming handle that only remembers being cancelled. */
    static final class FlagHandle implements StreamingHandle {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
