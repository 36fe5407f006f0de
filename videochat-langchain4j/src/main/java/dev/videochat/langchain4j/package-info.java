/**
 * LangChain4j as the language model of a conversation: {@link dev.videochat.langchain4j.LangChain4jChatModel}
 * makes any LangChain4j {@code StreamingChatModel} (OpenAI, Azure, Anthropic, Gemini, Ollama, Bedrock, ... in
 * LangChain4j's provider modules) a {@link dev.videochat.api.llm.ChatModel} of the SDK. The application builds and
 * configures the LangChain4j model as it already does (keys, base URL, HTTP client, listeners, default parameters);
 * this module depends on {@code langchain4j-core} alone and brings no provider of its own.
 * {@link dev.videochat.langchain4j.VideoChatStreamingChatModel} goes the other way: one of the SDK's chat models as a
 * LangChain4j {@code StreamingChatModel}, text messages only.
 *
 * <h2>What maps to what</h2>
 * <ul>
 *   <li>System, user and assistant messages become LangChain4j's {@code SystemMessage}, {@code UserMessage} and
 *       {@code AiMessage}; a blank system message is left out.</li>
 *   <li>{@link dev.videochat.api.llm.ChatOptions}: the model name, temperature and maximum tokens become the
 *       request's {@code modelName}, {@code temperature} and {@code maxOutputTokens}; unset ones keep the
 *       LangChain4j model's defaults.</li>
 *   <li>Partial responses go to {@link dev.videochat.api.llm.ChatHandler#onDelta} as they arrive, partial thinking
 *       to {@link dev.videochat.api.llm.ChatHandler#onReasoningDelta} (never spoken). A model that streams nothing
 *       and only completes has its whole answer delivered as one delta.</li>
 *   <li>The complete response ends the call with a {@link dev.videochat.api.llm.ChatResult}: LangChain4j's finish
 *       reason in OpenAI's words ({@code stop}, {@code length}, {@code tool_calls}, {@code content_filter},
 *       {@code other}; {@code unknown} when it gave none) and its output token count (-1 when it gave none).</li>
 *   <li>An error ends the call with a {@link dev.videochat.api.VideoChatException} of stage
 *       {@link dev.videochat.api.Stage#LLM} naming the model, the HTTP status when LangChain4j kept one, what to
 *       check, and how many deltas had been delivered; those stay delivered.</li>
 * </ul>
 *
 * <h2>Cancelling</h2>
 * LangChain4j (1.8 and later) passes a {@code StreamingHandle} with each partial response; cancelling a call cancels
 * through it, which for the HTTP-based providers closes the connection. A call cancelled before the first partial
 * response cancels the stream at the first callback that brings a handle; so does a call that failed (a handler
 * that threw, say). The bridge's calls are {@link dev.videochat.api.AbstractCall}s, so they keep the contract of
 * every engine call whatever LangChain4j still delivers: once {@link dev.videochat.api.Call#cancel()} returns, the
 * handler hears nothing more; a handler blocked when the call is cancelled (a full queue downstream) is interrupted,
 * and {@code cancel()} waits for it to return. The result is read-only: completing it from outside is refused, and
 * cancelling the future of {@code result().toCompletableFuture()} cancels the call.
 *
 * <h2>Threads</h2>
 * Each call is handed to LangChain4j on a thread of the bridge, so {@code stream} returns at once; the handler then
 * runs on whichever thread the LangChain4j model calls back on (for the HTTP providers, their HTTP client's), one
 * callback at a time. A handler that blocks slows LangChain4j's reading of the stream down, which is the
 * back-pressure the pipeline relies on.
 */
package dev.videochat.langchain4j;
