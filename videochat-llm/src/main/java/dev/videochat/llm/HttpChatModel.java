package dev.videochat.llm;

import dev.videochat.api.Call;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.llm.ChatResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat model behind one HTTP endpoint, OpenAI-compatible or Ollama-native. Built once and shared by every
 * session: it holds one HTTP client (and its connection pool), a thread per running stream and one timer thread
 * for read timeouts. Closing it cancels the streams still running.
 */
final class HttpChatModel implements ChatModel {

    private static final Logger LOG = LoggerFactory.getLogger(HttpChatModel.class);

    private final ChatEndpoint endpoint;
    private final HttpClient client;
    private final ExecutorService streams;
    private final ScheduledExecutorService timer;
    private final Set<StreamingChatCall> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HttpChatModel(ChatEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.client = HttpClient.newBuilder()
                .connectTimeout(endpoint.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.streams = Executors.newCachedThreadPool(daemonThreads("videochat-llm-" + endpoint.provider()));
        this.timer = Executors.newSingleThreadScheduledExecutor(
                daemonThreads("videochat-llm-" + endpoint.provider() + "-timeouts"));
        LOG.info("[LLM/{}] model '{}' at {}", endpoint.provider(), endpoint.model(), endpoint.url());
    }

    @Override
    public String name() {
        return endpoint.provider();
    }

    /** The endpoint this model calls (without secrets in its {@code toString}). */
    ChatEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public Call<ChatResult> stream(ChatRequest request, ChatHandler handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            throw new IllegalStateException("the chat model " + endpoint.provider() + " is closed");
        }
        StreamingChatCall call = new StreamingChatCall(endpoint, client, timer, request, handler, running::remove);
        running.add(call);
        try {
            streams.execute(call);
        } catch (RejectedExecutionException e) { // closed meanwhile: the call would never run, nor complete
            running.remove(call);
            throw new IllegalStateException("the chat model " + endpoint.provider() + " is closed", e);
        }
        return call;
    }

    @Override
    public void close() {
        closed = true;
        for (StreamingChatCall call : List.copyOf(running)) {
            call.cancel();
        }
        streams.shutdown();
        timer.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
