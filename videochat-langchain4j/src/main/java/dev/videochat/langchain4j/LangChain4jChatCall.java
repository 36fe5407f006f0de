package dev.videochat.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.videochat.api.Call;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One chat completion streamed by a LangChain4j model: LangChain4j's callbacks come in through
 * {@link #callbacks()}, go on to the SDK's {@link ChatHandler}, and end {@link #result()}.
 *
 * <p>LangChain4j promises nothing about when its callbacks stop: a stream it was asked to cancel may still deliver
 * what it had read, and a model may call from any thread. So the call keeps its own state, and every callback is
 * handled under one lock: once the call has ended (completed, failed or cancelled) each later callback is dropped,
 * and {@link #cancel()} waits for a callback being handled right now, so no handler callback follows its return.
 * LangChain4j hands out its {@link StreamingHandle} only with a partial response; the call keeps the first one
 * and cancels through it at once, or, when the call ended before one came, at the first callback that brings one.
 */
final class LangChain4jChatCall implements Call<ChatResult> {

    private static final Logger LOG = LoggerFactory.getLogger(LangChain4jChatCall.class);

    private final String provider;
    private final ChatHandler handler;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<ChatResult> result = new CompletableFuture<>();
    private final StreamingChatResponseHandler callbacks = new Callbacks();

    /** Held while a LangChain4j callback is handled: one at a time; {@link #cancel()} takes it to wait one out. */
    private final ReentrantLock delivery = new ReentrantLock();
    private final Object state = new Object();
    private boolean ended;                // guarded by state
    private StreamingHandle handle;       // guarded by state
    private Thread deliveringThread;      // guarded by state: set while the handler runs
    private boolean interruptedByCancel;  // guarded by state

    private final StringBuilder text = new StringBuilder(); // guarded by delivery, as are the two below
    private int deltas;
    private long firstDeltaNanos;

    LangChain4jChatCall(String provider, ChatHandler handler) {
        this.provider = provider;
        this.handler = handler;
        result.whenComplete((summary, error) -> {
            if (error instanceof CancellationException) {
                cancel(); // someone cancelled the future itself
            }
        });
    }

    /** The handler to give LangChain4j's {@link StreamingChatModel#chat}. */
    StreamingChatResponseHandler callbacks() {
        return callbacks;
    }

    /**
     * Asks {@code model} for the answer unless the call was cancelled meanwhile. A model that refuses the request
     * at once (it throws instead of calling {@code onError}) fails the call the same way.
     */
    void start(StreamingChatModel model, dev.langchain4j.model.chat.request.ChatRequest request) {
        synchronized (state) {
            if (ended) {
                return;
            }
        }
        try {
            model.chat(request, callbacks);
        } catch (Throwable e) { // an Error included: the caller waits on the result
            callbacks.onError(e);
        }
    }

    @Override
    public CompletableFuture<ChatResult> result() {
        return result;
    }

    @Override
    public void cancel() {
        boolean first;
        StreamingHandle toCancel = null;
        synchronized (state) {
            first = !ended;
            if (first) {
                ended = true;
                toCancel = handle;
                Thread thread = deliveringThread;
                if (thread != null && thread != Thread.currentThread()) {
                    interruptedByCancel = true;
                    thread.interrupt(); // wakes a handler blocked on a full queue
                }
            }
        }
        if (first) {
            stopStream(toCancel);
        }
        if (!delivery.isHeldByCurrentThread()) { // a handler cancelling from its own callback waits for nothing
            delivery.lock(); // waits for a callback being handled right now; later ones see that the call ended
            delivery.unlock();
        }
        if (first) {
            result.completeExceptionally(new CancellationException("the chat with " + provider + " was cancelled"));
            LOG.debug("[LLM/{}] chat cancelled", provider);
        }
    }

    /** Hands one piece of text to the handler, unless the call has ended. */
    private void deliver(String piece, StreamingHandle streamingHandle, boolean answer) {
        delivery.lock();
        try {
            if (!beginDelivery(streamingHandle)) {
                return;
            }
            try {
                if (answer) {
                    if (deltas++ == 0) {
                        firstDeltaNanos = System.nanoTime();
                    }
                    text.append(piece);
                    handler.onDelta(piece);
                } else {
                    handler.onReasoningDelta(piece);
                }
            } catch (InterruptedException e) {
                if (!hasEnded()) { // not our cancel: whoever interrupted the thread is owed the flag back
                    fail(ModelFailures.interrupted(provider, e, deltas));
                    Thread.currentThread().interrupt();
                }
            } catch (Throwable e) { // an Error included: it ends the call, which reports it
                fail(ModelFailures.handler(provider, e, deltas));
                if (e instanceof Error) {
                    LOG.error("[LLM/{}] the chat handler failed", provider, e);
                }
            } finally {
                endDelivery();
            }
        } finally {
            delivery.unlock();
        }
    }

    /** Keeps the first streaming handle; true when the handler may be called, false when the call has ended. */
    private boolean beginDelivery(StreamingHandle streamingHandle) {
        StreamingHandle late;
        synchronized (state) {
            if (handle == null) {
                handle = streamingHandle;
            }
            if (!ended) {
                deliveringThread = Thread.currentThread();
                return true;
            }
            late = handle;
        }
        // the call ended before LangChain4j handed out a handle, or LangChain4j went on after a cancel: stop it now
        stopStream(late);
        return false;
    }

    private void endDelivery() {
        synchronized (state) {
            deliveringThread = null;
            if (interruptedByCancel) {
                interruptedByCancel = false;
                Thread.interrupted(); // the cancel's interrupt was for the handler, not for LangChain4j's thread
            }
        }
    }

    private void complete(ChatResponse response) {
        delivery.lock();
        try {
            if (hasEnded()) {
                return;
            }
            AiMessage message = response == null ? null : response.aiMessage();
            if (deltas == 0 && message != null && message.text() != null && !message.text().isEmpty()) {
                deliver(message.text(), null, true); // a model that streamed nothing: its whole answer, at once
            }
            long end = System.nanoTime();
            Duration total = Duration.ofNanos(end - startNanos);
            Duration first = deltas == 0 ? total : Duration.ofNanos(firstDeltaNanos - startNanos);
            ChatResult summary = new ChatResult(text.toString(), finishReason(response), first, total, deltas,
                    completionTokens(response));
            synchronized (state) {
                if (ended) {
                    return; // the handler failed or cancelled while taking that last answer
                }
                ended = true;
            }
            result.complete(summary);
            LOG.debug("[LLM/{}] answer done: {} deltas, first after {} ms, {} tokens/s, finish {}", provider,
                    summary.deltaCount(), summary.timeToFirstDelta().toMillis(),
                    String.format(Locale.ROOT, "%.1f", summary.tokensPerSecond()), summary.finishReason());
        } finally {
            delivery.unlock();
        }
    }

    private void failFromModel(Throwable error) {
        delivery.lock();
        try {
            if (hasEnded()) {
                // a cancelled stream often ends in an error (its connection was closed under it): expected
                LOG.debug("[LLM/{}] after the call ended, LangChain4j reported: {}", provider, String.valueOf(error));
                return;
            }
            fail(ModelFailures.model(provider, error == null ? new IllegalStateException("no error given") : error,
                    deltas));
        } finally {
            delivery.unlock();
        }
    }

    /** Ends the call with {@code failure} and stops the stream, unless it has already ended. */
    private void fail(VideoChatException failure) {
        StreamingHandle toCancel;
        synchronized (state) {
            if (ended) {
                return;
            }
            ended = true;
            toCancel = handle;
        }
        stopStream(toCancel);
        result.completeExceptionally(failure);
        LOG.debug("[LLM/{}] chat failed: {}", provider, failure.getMessage());
    }

    private void stopStream(StreamingHandle streamingHandle) {
        if (streamingHandle == null || streamingHandle.isCancelled()) {
            return;
        }
        try {
            streamingHandle.cancel();
        } catch (RuntimeException e) { // for example UnsupportedFeatureException: later callbacks are dropped anyway
            LOG.debug("[LLM/{}] the stream could not be cancelled: {}", provider, e.toString());
        }
    }

    private boolean hasEnded() {
        synchronized (state) {
            return ended;
        }
    }

    /** The finish reason as OpenAI-compatible servers name it, as the SDK's own clients report it. */
    private static String finishReason(ChatResponse response) {
        FinishReason reason = response == null ? null : response.finishReason();
        if (reason == null) {
            return "unknown";
        }
        return switch (reason) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case TOOL_EXECUTION -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            case OTHER -> "other";
        };
    }

    private static int completionTokens(ChatResponse response) {
        TokenUsage usage = response == null ? null : response.tokenUsage();
        Integer tokens = usage == null ? null : usage.outputTokenCount();
        return tokens == null ? -1 : tokens;
    }

    /** LangChain4j's side: both generations of each callback (with and without a context) end up here. */
    private final class Callbacks implements StreamingChatResponseHandler {

        @Override
        public void onPartialResponse(String partialResponse) {
            if (partialResponse != null && !partialResponse.isEmpty()) {
                deliver(partialResponse, null, true);
            }
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            deliver(partialResponse.text(), context == null ? null : context.streamingHandle(), true);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            deliver(partialThinking.text(), null, false);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
            deliver(partialThinking.text(), context == null ? null : context.streamingHandle(), false);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
            // the SDK offers no tools; only the handle is of use, should the call have ended already
            delivery.lock();
            try {
                if (beginDelivery(context == null ? null : context.streamingHandle())) {
                    endDelivery();
                }
            } finally {
                delivery.unlock();
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            complete(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            failFromModel(error);
        }
    }
}
