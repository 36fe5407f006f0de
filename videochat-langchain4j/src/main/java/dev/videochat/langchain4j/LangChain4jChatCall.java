package dev.videochat.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
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
import dev.videochat.api.AbstractCall;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One chat completion streamed by a LangChain4j model: LangChain4j's callbacks come in through
 * {@link #callbacks()}, reach the SDK's {@link ChatHandler} through {@link AbstractCall#deliver}, and end
 * {@link #result()}.
 *
 * <p>LangChain4j promises nothing about when its callbacks stop: a stream it was asked to cancel may still deliver
 * what it had read, and a model may call from any thread. {@link AbstractCall} drops every callback that comes once
 * the call has ended and keeps any from following the return of {@link #cancel()}. What this class adds is
 * LangChain4j's way of stopping a stream: it hands out its {@link StreamingHandle} only with a partial response, so
 * the call keeps the first one and cancels through it as soon as the stream is to stop (the call was cancelled or
 * failed, or LangChain4j went on after its end) and the handle is known, whichever of the two comes second.
 */
final class LangChain4jChatCall extends AbstractCall<ChatResult> {

    private static final Logger LOG = LoggerFactory.getLogger(LangChain4jChatCall.class);

    private final ChatHandler handler;
    private final long startNanos = System.nanoTime();
    private final StreamingChatResponseHandler callbacks = new Callbacks();

    private final Object stream = new Object();
    private StreamingHandle handle;  // guarded by stream: the first one LangChain4j handed out
    private boolean stopWanted;      // guarded by stream

    // Written in deliveries, one at a time. deltas is volatile because failures LangChain4j reports from
    // elsewhere (onError, a model that throws) name how many deltas had been delivered.
    private final StringBuilder text = new StringBuilder();
    private volatile int deltas;
    private long firstDeltaNanos;

    LangChain4jChatCall(String provider, ChatHandler handler) {
        super(Stage.LLM, provider);
        this.handler = handler;
    }

    /** The handler to give LangChain4j's {@link StreamingChatModel#chat}. */
    StreamingChatResponseHandler callbacks() {
        return callbacks;
    }

    /**
     * Asks {@code model} for the answer unless the call was cancelled meanwhile. A model that refuses the request
     * at once (it throws instead of calling {@code onError}) fails the call the same way.
     */
    void start(StreamingChatModel model, ChatRequest request) {
        if (isCancelled() || isDone()) {
            return;
        }
        try {
            model.chat(request, callbacks);
        } catch (Throwable e) { // an Error included: the caller waits on the result
            callbacks.onError(e);
        }
    }

    @Override
    protected void cancelWork() {
        stopStream();
        LOG.debug("[LLM/{}] chat cancelled", provider());
    }

    /** Hands one piece of text to the handler; stops the stream when the call has ended or the handler failed. */
    private void take(String piece, StreamingHandle given, boolean answer) {
        keepHandle(given);
        try {
            boolean open = deliver(() -> {
                if (answer) {
                    takeDelta(piece);
                } else {
                    handler.onReasoningDelta(piece);
                }
            });
            if (!open) {
                stopStream(); // LangChain4j went on after the call ended
            }
        } catch (Throwable e) { // InterruptedException and Error included: each ends the call
            deliveryFailed(e);
        }
    }

    /** Called in a delivery only. */
    private void takeDelta(String piece) throws InterruptedException {
        if (deltas == 0) {
            firstDeltaNanos = System.nanoTime();
        }
        deltas = deltas + 1; // one writer at a time, in deliveries
        text.append(piece);
        handler.onDelta(piece);
    }

    /** Ends the call with the answer, unless it has ended already (LangChain4j's onError came first, say). */
    private void finish(ChatResponse response) {
        AtomicReference<ChatResult> summary = new AtomicReference<>();
        try {
            if (!deliver(() -> summary.set(summarize(response)))) {
                return;
            }
        } catch (Throwable e) {
            deliveryFailed(e);
            return;
        }
        ChatResult done = summary.get();
        if (complete(done)) { // outside the delivery: the result's dependents run on this thread
            LOG.debug("[LLM/{}] answer done: {} deltas, first after {} ms, {} tokens/s, finish {}", provider(),
                    done.deltaCount(), done.timeToFirstDelta().toMillis(),
                    String.format(Locale.ROOT, "%.1f", done.tokensPerSecond()), done.finishReason());
        }
    }

    /**
     * The answer's summary, in a delivery; a model that streamed nothing has its whole answer delivered first, as
     * one delta.
     */
    private ChatResult summarize(ChatResponse response) throws InterruptedException {
        AiMessage message = response == null ? null : response.aiMessage();
        if (deltas == 0 && message != null && message.text() != null && !message.text().isEmpty()) {
            takeDelta(message.text());
        }
        long end = System.nanoTime();
        Duration total = Duration.ofNanos(end - startNanos);
        Duration first = deltas == 0 ? total : Duration.ofNanos(firstDeltaNanos - startNanos);
        return new ChatResult(text.toString(), finishReason(response), first, total, deltas,
                completionTokens(response));
    }

    /** LangChain4j reported a failure, or its model threw when asked to chat. */
    private void modelFailed(Throwable error) {
        Throwable cause = error == null ? new IllegalStateException("no error given") : error;
        if (!failAndStop(ModelFailures.model(provider(), cause, deltas))) {
            // a cancelled stream often ends in an error (its connection was closed under it): expected
            LOG.debug("[LLM/{}] after the call ended, LangChain4j reported: {}", provider(), String.valueOf(error));
        }
    }

    /** A delivery threw: the handler failed, or the thread was interrupted by another than this call's cancel. */
    private void deliveryFailed(Throwable e) {
        if (e instanceof InterruptedException interrupted) {
            failAndStop(ModelFailures.interrupted(provider(), interrupted, deltas));
            Thread.currentThread().interrupt(); // whoever interrupted the thread is owed the flag back
            return;
        }
        failAndStop(ModelFailures.handler(provider(), e, deltas));
        if (e instanceof Error) {
            LOG.error("[LLM/{}] the chat handler failed", provider(), e);
        }
    }

    /**
     * Ends the call with {@code failure}, then stops the stream: in that order, so that an error the stop itself
     * brings finds the call ended.
     *
     * @return {@code false} when the call had already ended or been cancelled
     */
    private boolean failAndStop(VideoChatException failure) {
        boolean failed = fail(failure);
        if (failed) {
            LOG.debug("[LLM/{}] chat failed: {}", provider(), failure.getMessage());
        }
        stopStream();
        return failed;
    }

    /** Keeps the first handle LangChain4j hands out; cancels it at once when the stream was to stop already. */
    private void keepHandle(StreamingHandle given) {
        if (given == null) {
            return;
        }
        synchronized (stream) {
            if (handle != null) {
                return;
            }
            handle = given;
            if (!stopWanted) {
                return;
            }
        }
        cancelQuietly(given);
    }

    /** Stops LangChain4j's stream: now when its handle is known, otherwise at the first callback that brings one. */
    private void stopStream() {
        StreamingHandle known;
        synchronized (stream) {
            if (stopWanted) {
                return;
            }
            stopWanted = true;
            known = handle;
        }
        if (known != null) {
            cancelQuietly(known);
        }
    }

    private void cancelQuietly(StreamingHandle streamingHandle) {
        try {
            streamingHandle.cancel();
        } catch (RuntimeException e) { // for example UnsupportedFeatureException: later callbacks are dropped anyway
            LOG.debug("[LLM/{}] the stream could not be cancelled: {}", provider(), e.toString());
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
                take(partialResponse, null, true);
            }
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            take(partialResponse.text(), context == null ? null : context.streamingHandle(), true);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            take(partialThinking.text(), null, false);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
            take(partialThinking.text(), context == null ? null : context.streamingHandle(), false);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
            // the SDK offers no tools; only the handle is of use, should the stream have to stop already
            keepHandle(context == null ? null : context.streamingHandle());
            if (isCancelled() || isDone()) {
                stopStream();
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            finish(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            modelFailed(error);
        }
    }
}
