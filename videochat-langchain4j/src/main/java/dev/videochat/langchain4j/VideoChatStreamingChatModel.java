package dev.videochat.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.videochat.api.Call;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatMessage;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatOptions;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.llm.ChatResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The other direction: one of the SDK's chat models (an {@code openai}, {@code dashscope}, {@code ollama} or
 * {@code openai-compatible} client, or any {@link ChatModel}) as a LangChain4j {@link StreamingChatModel}, for
 * application code written against LangChain4j. Text and thinking stream to the handler as they arrive; the
 * {@link StreamingHandle} in each partial's context cancels the underlying call, after which the handler hears
 * nothing more.
 *
 * <p>Text messages only: a request holding tool calls, tool results or images is refused through
 * {@link StreamingChatResponseHandler#onError}. Does not close the wrapped model.
 */
public final class VideoChatStreamingChatModel implements StreamingChatModel {

    private final ChatModel model;

    private VideoChatStreamingChatModel(ChatModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** {@code model} as a LangChain4j streaming chat model. */
    public static VideoChatStreamingChatModel of(ChatModel model) {
        return new VideoChatStreamingChatModel(model);
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public void doChat(dev.langchain4j.model.chat.request.ChatRequest request, StreamingChatResponseHandler handler) {
        ChatRequest ours;
        try {
            ours = translate(request);
        } catch (IllegalArgumentException e) {
            handler.onError(e);
            return;
        }
        AtomicReference<Call<ChatResult>> running = new AtomicReference<>();
        StreamingHandle handle = new StreamingHandle() {
            private volatile boolean cancelled;

            @Override
            public void cancel() {
                cancelled = true;
                Call<ChatResult> call = running.get();
                if (call != null) {
                    call.cancel();
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
        Call<ChatResult> call = model.stream(ours, new ChatHandler() {
            @Override
            public void onDelta(String text) {
                handler.onPartialResponse(new PartialResponse(text), new PartialResponseContext(handle));
            }

            @Override
            public void onReasoningDelta(String text) {
                handler.onPartialThinking(new PartialThinking(text), new PartialThinkingContext(handle));
            }
        });
        running.set(call);
        if (handle.isCancelled()) {
            call.cancel();
        }
        call.result().whenComplete((result, error) -> {
            if (error == null) {
                handler.onCompleteResponse(response(result, ours));
            } else if (!(unwrap(error) instanceof CancellationException)) {
                handler.onError(unwrap(error));
            }
        });
    }

    private static ChatRequest translate(dev.langchain4j.model.chat.request.ChatRequest request) {
        List<ChatMessage> messages = new ArrayList<>();
        for (dev.langchain4j.data.message.ChatMessage message : request.messages()) {
            if (message instanceof SystemMessage system) {
                messages.add(ChatMessage.system(system.text()));
            } else if (message instanceof UserMessage user && user.hasSingleText()) {
                messages.add(ChatMessage.user(user.singleText()));
            } else if (message instanceof AiMessage ai && !ai.hasToolExecutionRequests() && ai.text() != null) {
                messages.add(ChatMessage.assistant(ai.text()));
            } else {
                throw new IllegalArgumentException("the SDK's chat models take text messages only, got "
                        + message.type());
            }
        }
        ChatOptions.Builder options = ChatOptions.builder();
        ChatRequestParameters parameters = request.parameters();
        if (parameters != null) {
            if (parameters.modelName() != null) {
                options.model(parameters.modelName());
            }
            if (parameters.temperature() != null) {
                options.temperature(parameters.temperature());
            }
            if (parameters.maxOutputTokens() != null) {
                options.maxTokens(parameters.maxOutputTokens());
            }
        }
        return new ChatRequest(messages, options.build());
    }

    private static ChatResponse response(ChatResult result, ChatRequest request) {
        ChatResponse.Builder response = ChatResponse.builder().aiMessage(AiMessage.from(result.text()))
                .finishReason(finishReason(result.finishReason()));
        request.options().model().ifPresent(response::modelName);
        if (result.completionTokens() >= 0) {
            response.tokenUsage(new TokenUsage(null, result.completionTokens()));
        }
        return response.build();
    }

    private static FinishReason finishReason(String reason) {
        return switch (reason) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls" -> FinishReason.TOOL_EXECUTION;
            default -> FinishReason.OTHER;
        };
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    @Override
    public String toString() {
        return "VideoChatStreamingChatModel[" + model.name() + "]";
    }
}
