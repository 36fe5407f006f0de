package dev.videochat.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.videochat.api.Call;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.llm.ChatResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LangChain4j {@link StreamingChatModel} as the SDK's language model: an application that already builds its
 * models with LangChain4j (any provider it supports, with the application's keys, HTTP client, listeners and
 * defaults) hands one over and the avatar speaks its answers.
 *
 * <pre>{@code
 * StreamingChatModel openAi = OpenAiStreamingChatModel.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY")).modelName("gpt-4o-mini").build();
 * VideoChatEngine engine = VideoChatEngine.builder()
 *         .chatModel(LangChain4jChatModel.of(openAi))
 *         ...
 *         .build();
 * }</pre>
 *
 * <p>Answer text reaches the {@link ChatHandler} as LangChain4j streams it, and reasoning ("thinking") text goes to
 * {@link ChatHandler#onReasoningDelta} when the LangChain4j model is set to return it. The SDK's messages and
 * options (model name, temperature, maximum tokens) become a LangChain4j request; options the SDK leaves unset
 * keep the LangChain4j model's defaults. Failures end the call with a {@link dev.videochat.api.VideoChatException}
 * of stage LLM that names this model, the HTTP status when there was one, and how many deltas had already been
 * delivered. {@link Call#cancel()} stops LangChain4j's stream through its streaming handle, the moment one is
 * known, and no handler callback follows its return whatever LangChain4j still delivers.
 *
 * <p>Thread-safe: one instance serves every session. {@link #stream} hands the request to LangChain4j on a thread
 * of this model, so it returns at once even for a LangChain4j model that generates on its caller's thread.
 */
public final class LangChain4jChatModel implements ChatModel {

    private static final Logger LOG = LoggerFactory.getLogger(LangChain4jChatModel.class);

    private final StreamingChatModel model;
    private final String name;
    private final boolean ownsModel;
    private final ExecutorService starter;
    private final Set<LangChain4jChatCall> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LangChain4jChatModel(Builder builder) {
        this.model = builder.model;
        this.name = builder.name != null ? builder.name : defaultName(model);
        this.ownsModel = builder.ownsModel;
        this.starter = Executors.newCachedThreadPool(daemonThreads("videochat-llm-" + name));
        LOG.info("[LLM/{}] LangChain4j model {}", name, model.getClass().getName());
    }

    /**
     * Bridges {@code model} under its default name, {@code langchain4j-} and the model's provider
     * ({@code langchain4j-open-ai}, {@code langchain4j-ollama}; {@code langchain4j} when it names none).
     * Closing the bridge leaves {@code model} open.
     */
    public static LangChain4jChatModel of(StreamingChatModel model) {
        return builder(model).build();
    }

    /** A builder for a bridge to {@code model}, to set its name or hand over the model's ownership. */
    public static Builder builder(StreamingChatModel model) {
        return new Builder(model);
    }

    /** The name in messages, logs and metrics: the one given to the builder, or the default of {@link #of}. */
    @Override
    public String name() {
        return name;
    }

    /**
     * Starts a completion on the LangChain4j model. Returns at once; the text arrives at {@code handler} on
     * LangChain4j's thread, one callback at a time.
     *
     * @throws IllegalArgumentException when the request holds nothing but blank system messages
     * @throws IllegalStateException    when this model is closed
     */
    @Override
    public Call<ChatResult> stream(ChatRequest request, ChatHandler handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        if (closed.get()) {
            throw new IllegalStateException("the chat model " + name + " is closed");
        }
        dev.langchain4j.model.chat.request.ChatRequest translated = RequestTranslator.toLangChain4j(request);
        LangChain4jChatCall call = new LangChain4jChatCall(name, handler);
        running.add(call);
        call.result().whenComplete((summary, error) -> running.remove(call));
        try {
            starter.execute(() -> call.start(model, translated));
        } catch (RejectedExecutionException e) { // closed meanwhile: the call would never start, nor end
            running.remove(call);
            throw new IllegalStateException("the chat model " + name + " is closed", e);
        }
        return call;
    }

    /**
     * Cancels the calls still running and stops this bridge's threads. The engine calls this when it closes, but
     * the LangChain4j model stays open unless the builder was told this bridge owns it ({@link Builder#ownsModel}):
     * an application usually builds a LangChain4j model once and shares it (with AI services, other code, other
     * engines), and its HTTP client and connections belong to the application, not to whichever engine closes
     * first.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (LangChain4jChatCall call : List.copyOf(running)) {
            call.cancel();
        }
        starter.shutdown();
        if (ownsModel && model instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("[LLM/{}] closing the LangChain4j model failed", name, e);
            }
        }
    }

    @Override
    public String toString() {
        return "LangChain4jChatModel[" + name + ", " + model.getClass().getSimpleName() + "]";
    }

    private static String defaultName(StreamingChatModel model) {
        ModelProvider provider = model.provider();
        return provider == null || provider == ModelProvider.OTHER ? "langchain4j"
                : "langchain4j-" + provider.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Settings of a {@link LangChain4jChatModel}; every one has a default. */
    public static final class Builder {

        private final StreamingChatModel model;
        private String name;
        private boolean ownsModel;

        private Builder(StreamingChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * The name in messages, logs and metrics (for example {@code "qwen-via-langchain4j"}); by default
         * {@code langchain4j-} and the model's provider.
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("the name must not be blank");
            }
            this.name = name.strip();
            return this;
        }

        /**
         * Whether closing the bridge also closes the LangChain4j model (when it is {@link AutoCloseable}); default
         * {@code false}. Set it when the model was built for this engine alone.
         */
        public Builder ownsModel(boolean owns) {
            this.ownsModel = owns;
            return this;
        }

        /** The bridge; it starts a thread only when the first call starts. */
        public LangChain4jChatModel build() {
            return new LangChain4jChatModel(this);
        }
    }
}
